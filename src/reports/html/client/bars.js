// Horizontal bars, one per item, the chosen one outlined; long labels fit on the left. Optional:
// a colour per bar (d.colors), a wider label column (d.labelWidth), value labels as given (d.valueLabels).
(function () {
  'use strict';
  var LL = window.LL;

  LL.charts.bars = function (el, d) {
    var M = { top: 10, right: 110, bottom: 44, left: d.labelWidth || 300 };
    var W = 680 + M.left;
    var fmt = function (v, i) {
      return d.valueLabels ? d.valueLabels[i] : LL.fmt(v, d.unit);
    };
    var rowH = 24;
    var H = M.top + M.bottom + d.labels.length * rowH;
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var x = d3
      .scaleLinear()
      .domain([Math.min(0, d3.min(d.values)), Math.max(0, d3.max(d.values)) || 1])
      .nice()
      .range([0, w]);
    var y = d3.scaleBand().domain(d3.range(d.labels.length)).range([0, h]).padding(0.2);
    var svg = LL.svg(el, W, H);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    LL.grid(g, x, null, w, h);
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(
        d3
          .axisBottom(x)
          .ticks(6)
          .tickFormat(function (v) {
            return LL.fmt(v, d.unit);
          }),
      );
    g.append('g')
      .attr('class', 'axis')
      .call(
        d3.axisLeft(y).tickFormat(function (i) {
          return d.labels[i];
        }),
      );
    LL.axisLabel(svg, d.yLabel, M.left + w / 2, H - 8);
    g.append('g')
      .attr('class', 'bars')
      .selectAll('rect')
      .data(d.values)
      .join('rect')
      .attr('class', function (_, i) {
        return 'mark bar' + (i === d.highlight ? ' chosen-mark' : '');
      })
      .attr('x', function (v) {
        return x(Math.min(0, v));
      })
      .attr('width', function (v) {
        return Math.abs(x(v) - x(0));
      })
      .attr('y', function (_, i) {
        return y(i);
      })
      .attr('height', y.bandwidth())
      .attr('fill', function (_, i) {
        if (d.colors) return d.colors[i];
        return i === d.highlight ? '#f28e2b' : '#4e79a7';
      })
      .append('title')
      .text(function (v, i) {
        return d.labels[i] + ': ' + fmt(v, i) + (d.notes && d.notes[i] ? '\n' + d.notes[i] : '');
      });
    g.append('g')
      .selectAll('text')
      .data(d.values)
      .join('text')
      .attr('x', function (v) {
        return x(Math.max(0, v)) + 4;
      })
      .attr('y', function (_, i) {
        return y(i) + y.bandwidth() / 2 + 4;
      })
      .text(function (v, i) {
        return fmt(v, i) + (i === d.highlight ? '  ◀ chosen' : '');
      });
  };
})();

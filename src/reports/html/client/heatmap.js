// Heatmap: x down the columns, y up the rows, the metric as colour; empty (grey) where no plan.
(function () {
  'use strict';
  var LL = window.LL;
  var W = 900;
  var H = 560;
  var M = { top: 16, right: 150, bottom: 60, left: 100 };

  LL.charts.heatmap = function (el, d) {
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var nx = d.xValues.length;
    var ny = d.yValues.length;
    var x = d3.scaleBand().domain(d3.range(nx)).range([0, w]);
    var y = d3.scaleBand().domain(d3.range(ny)).range([h, 0]);
    var vals = d.values.filter(function (v) {
      return v !== null;
    });
    var ext = vals.length ? d3.extent(vals) : [0, 1];
    // bright (yellow) = better, whichever way the metric runs
    var color = d3.scaleSequential(d3.interpolateViridis).domain(d.higherIsBetter ? ext : [ext[1], ext[0]]);
    var svg = LL.svg(el, W, H);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    var every = function (n) {
      return Math.max(1, Math.ceil(n / 10));
    };
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(
        d3
          .axisBottom(x)
          .tickValues(d3.range(0, nx, every(nx)))
          .tickFormat(function (i) {
            return LL.fmt(d.xValues[i], d.xUnit);
          }),
      );
    g.append('g')
      .attr('class', 'axis')
      .call(
        d3
          .axisLeft(y)
          .tickValues(d3.range(0, ny, every(ny)))
          .tickFormat(function (j) {
            return LL.fmt(d.yValues[j], d.yUnit);
          }),
      );
    LL.axisLabel(svg, d.xLabel, M.left + w / 2, H - 12);
    LL.axisLabel(svg, d.yLabel, 16, M.top + h / 2, true);
    var cw = x.bandwidth();
    var ch = y.bandwidth();
    g.append('g')
      .attr('class', 'cells')
      .selectAll('rect')
      .data(d.values)
      .join('rect')
      .attr('class', 'mark cell')
      .attr('x', function (_, k) {
        return x(Math.floor(k / ny));
      })
      .attr('y', function (_, k) {
        return y(k % ny);
      })
      .attr('width', cw + 0.5)
      .attr('height', ch + 0.5)
      .attr('fill', function (v) {
        return v === null ? '#e6e8eb' : color(v);
      })
      .append('title')
      .text(function (v, k) {
        return (
          d.xLabel +
          ' ' +
          LL.fmt(d.xValues[Math.floor(k / ny)], d.xUnit) +
          ', ' +
          d.yLabel +
          ' ' +
          LL.fmt(d.yValues[k % ny], d.yUnit) +
          '\n' +
          d.metricLabel +
          ' ' +
          (v === null ? '—' : LL.fmt(v, d.metricUnit)) +
          '\n' +
          d.notes[d.noteIndex[k]]
        );
      });
    // colour legend
    var lg = svg
      .append('g')
      .attr('class', 'legend')
      .attr('transform', 'translate(' + (M.left + w + 30) + ',' + M.top + ')');
    var steps = 40;
    var lh = Math.min(h, 240);
    var ly = d3.scaleLinear().domain(ext).range([lh, 0]);
    lg.selectAll('rect')
      .data(d3.range(steps))
      .join('rect')
      .attr('x', 0)
      .attr('width', 14)
      .attr('y', function (i) {
        return (lh * (steps - 1 - i)) / steps;
      })
      .attr('height', lh / steps + 0.5)
      .attr('fill', function (i) {
        return color(ext[0] + ((ext[1] - ext[0]) * (i + 0.5)) / steps);
      });
    lg.append('g')
      .attr('transform', 'translate(14,0)')
      .call(
        d3
          .axisRight(ly)
          .ticks(5)
          .tickFormat(function (v) {
            return LL.fmt(v, d.metricUnit);
          }),
      );
    lg.append('text')
      .attr('y', lh + 24)
      .text(d.metricLabel);
  };
})();

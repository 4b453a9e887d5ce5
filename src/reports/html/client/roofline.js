// Roofline chart: one roof per precision and memory tier on log-log axes, each op a point.
(function () {
  'use strict';
  var LL = window.LL;
  var W = 900;
  var H = 520;
  var M = { top: 20, right: 130, bottom: 48, left: 76 };

  LL.charts.roofline = function (el, d) {
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var peaks = d.precisions.map(function (p) {
      return p.peak;
    });
    var bws = d.tiers.map(function (t) {
      return t.bandwidth;
    });
    var maxPeak = d3.max(peaks);
    var minBw = d3.min(bws);
    var xs = d.ops.map(function (o) {
      return o.intensity;
    });
    var ys = d.ops.map(function (o) {
      return o.attainable;
    });
    var xMin = Math.min(d3.min(xs) || 1, 0.1) / 2;
    var xMax = Math.max(d3.max(xs) || 1, maxPeak / minBw) * 4;
    var yMin = Math.min(d3.min(ys) || maxPeak, xMin * minBw) / 2;
    var x = d3.scaleLog().domain([xMin, xMax]).range([0, w]);
    var y = d3
      .scaleLog()
      .domain([yMin, maxPeak * 2])
      .range([h, 0]);
    var svg = LL.svg(el, W, H);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    LL.grid(g, x, y, w, h);
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(LL.logAxis(d3.axisBottom(x), ''));
    g.append('g')
      .attr('class', 'axis')
      .call(LL.logAxis(d3.axisLeft(y), 'FLOP/s'));
    LL.axisLabel(svg, 'arithmetic intensity (FLOP/byte)', M.left + w / 2, H - 8);
    LL.axisLabel(svg, 'attainable FLOP/s', 14, M.top + h / 2, true);

    // memory roofs: bandwidth × intensity up to the highest peak; compute roofs: flat from their ridge
    var roofs = g.append('g').attr('class', 'roofs');
    d.tiers.forEach(function (t, i) {
      roofs
        .append('line')
        .attr('class', 'roof tier' + (i === 0 ? ' active' : ''))
        .attr('stroke', i === 0 ? '#333' : '#888')
        .attr('stroke-dasharray', i === 0 ? null : '5,3')
        .attr('x1', x(xMin))
        .attr('y1', y(Math.max(yMin, t.bandwidth * xMin)))
        .attr('x2', x(maxPeak / t.bandwidth))
        .attr('y2', y(maxPeak))
        .append('title')
        .text(t.name + ': ' + LL.fmt(t.bandwidth, 'B/s'));
      // the label runs just under its roof (ops sit on the roofs, none below them here), a decade in
      var lx = xMin * 10;
      var angle = (Math.atan2(y(maxPeak) - y(t.bandwidth * xMin), x(maxPeak / t.bandwidth) - x(xMin)) * 180) / Math.PI;
      roofs
        .append('text')
        .attr('font-size', 10)
        .attr('transform', 'translate(' + x(lx) + ',' + y(t.bandwidth * lx) + ') rotate(' + angle + ')')
        .attr('dy', 20)
        .text(t.name + ' ' + LL.fmt(t.bandwidth, 'B/s'));
    });
    var maxBw = d3.max(bws);
    d.precisions.forEach(function (p) {
      roofs
        .append('line')
        .attr('class', 'roof precision' + (p.active ? ' active' : ''))
        .attr('stroke', p.active ? '#1f6feb' : '#9aa4b2')
        .attr('x1', x(p.peak / maxBw))
        .attr('x2', x(xMax))
        .attr('y1', y(p.peak))
        .attr('y2', y(p.peak))
        .append('title')
        .text(p.name + ' peak ' + LL.fmt(p.peak, 'FLOP/s') + ', ridge ' + LL.fmt(p.peak / maxBw) + ' FLOP/B');
      roofs
        .append('text')
        .attr('x', w + 4)
        .attr('y', y(p.peak) + 3)
        .attr('font-size', 10)
        .attr('fill', p.active ? '#1f6feb' : '#5b6575')
        .text(p.name + ' ' + LL.fmt(p.peak, 'FLOP/s'));
    });

    var kinds = Array.from(
      new Set(
        d.ops.map(function (o) {
          return o.kind;
        }),
      ),
    );
    var color = LL.colorScale(kinds);
    g.append('g')
      .attr('class', 'ops')
      .selectAll('circle')
      .data(d.ops)
      .join('circle')
      .attr('class', 'mark op')
      .attr('cx', function (o) {
        return x(o.intensity);
      })
      .attr('cy', function (o) {
        return y(o.attainable);
      })
      .attr('r', 5)
      .attr('fill', function (o) {
        return color(o.kind);
      })
      .attr('fill-opacity', 0.8)
      .append('title')
      .text(function (o) {
        return [
          o.name + ' (' + o.kind + ', ×' + o.count + ')',
          o.shape,
          'FLOPs ' + LL.fmt(o.flops, 'FLOP') + ', bytes ' + LL.fmt(o.bytes, 'B'),
          'intensity ' + LL.fmt(o.intensity) + ' FLOP/B, attainable ' + LL.fmt(o.attainable, 'FLOP/s'),
          'time at the roof ' + LL.fmt(o.time, 's') + ' per instance, ' + o.bound + '-bound',
        ].join('\n');
      });
    // top left is below no roof: no op can sit there
    LL.legend(svg, kinds, color, M.left + 10, M.top + 10);
  };
})();

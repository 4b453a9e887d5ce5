// Validation scatter: predicted vs measured on log-log axes, y = x with the ±band, a colour per category.
(function () {
  'use strict';
  var LL = window.LL;
  var W = 760;
  var H = 600;
  var M = { top: 16, right: 200, bottom: 50, left: 80 };

  LL.charts.scatter = function (el, d) {
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var all = [];
    d.points.forEach(function (p) {
      all.push(p.measured, p.predicted);
    });
    var ext = all.length ? d3.extent(all) : [1, 10];
    // one domain for both axes so y = x is the diagonal
    var dom = [ext[0] / 2, ext[1] * 2];
    var x = d3.scaleLog().domain(dom).range([0, w]);
    var y = d3.scaleLog().domain(dom).range([h, 0]);
    var svg = LL.svg(el, W, H);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    LL.grid(g, x, y, w, h);
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(LL.logAxis(d3.axisBottom(x), ''));
    g.append('g')
      .attr('class', 'axis')
      .call(LL.logAxis(d3.axisLeft(y), ''));
    LL.axisLabel(svg, 'measured (in each case\u2019s unit)', M.left + w / 2, H - 10);
    LL.axisLabel(svg, 'predicted', 16, M.top + h / 2, true);
    var lo = dom[0];
    var hi = dom[1];
    var b = d.band;
    g.append('path')
      .attr('class', 'band')
      .attr(
        'd',
        'M' +
          [
            [lo, lo * (1 - b)],
            [hi, hi * (1 - b)],
            [hi, hi * (1 + b)],
            [lo, lo * (1 + b)],
          ]
            .map(function (p) {
              return x(p[0]) + ',' + y(p[1]);
            })
            .join('L') +
          'Z',
      )
      .append('title')
      .text('within ±' + Math.round(b * 100) + ' %');
    g.append('line')
      .attr('class', 'diagonal')
      .attr('stroke', '#2da44e')
      .attr('x1', x(lo))
      .attr('y1', y(lo))
      .attr('x2', x(hi))
      .attr('y2', y(hi));
    var cats = Array.from(
      new Set(
        d.points.map(function (p) {
          return p.category;
        }),
      ),
    );
    var color = LL.colorScale(cats);
    g.append('g')
      .attr('class', 'points')
      .selectAll('circle')
      .data(d.points)
      .join('circle')
      .attr('class', 'mark point')
      .attr('r', 4.5)
      .attr('cx', function (p) {
        return x(p.measured);
      })
      .attr('cy', function (p) {
        return y(p.predicted);
      })
      .attr('fill', function (p) {
        return color(p.category);
      })
      .attr('fill-opacity', 0.8)
      .append('title')
      .text(function (p) {
        return (
          p.id +
          ' (' +
          p.category +
          ')\n' +
          p.metric +
          ': measured ' +
          LL.fmt(p.measured) +
          ' ' +
          p.unit +
          ', predicted ' +
          LL.fmt(p.predicted) +
          ' ' +
          p.unit +
          '\nerror ' +
          (p.error >= 0 ? '+' : '') +
          LL.fmt(p.error, '%')
        );
      });
    LL.legend(svg, cats, color, M.left + w + 20, M.top + 4);
  };
})();

// Line chart: a line per series over x, gaps where y is null, dots with hover text on short series.
(function () {
  'use strict';
  var LL = window.LL;
  var W = 900;
  var H = 420;
  var M = { top: 16, right: 220, bottom: 48, left: 80 };

  LL.charts.lines = function (el, d) {
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var all = [];
    d.series.forEach(function (s) {
      s.points.forEach(function (p) {
        all.push(p);
      });
    });
    var xs = all.map(function (p) {
      return p[0];
    });
    var ys = all
      .filter(function (p) {
        return p[1] !== null;
      })
      .map(function (p) {
        return p[1];
      });
    var x = (d.xLog ? d3.scaleLog() : d3.scaleLinear()).domain(d3.extent(xs)).range([0, w]);
    if (!d.xLog) x.nice();
    var yExt = ys.length ? d3.extent(ys) : [0, 1];
    var y = d.yLog
      ? d3
          .scaleLog()
          .domain([yExt[0] / 1.2, yExt[1] * 1.2])
          .range([h, 0])
      : d3
          .scaleLinear()
          .domain([Math.min(0, yExt[0]), yExt[1] || 1])
          .nice()
          .range([h, 0]);
    var svg = LL.svg(el, W, H);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    LL.grid(g, x, y, w, h);
    var xAxis = d3.axisBottom(x);
    var yAxis = d3.axisLeft(y);
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(
        d.xLog
          ? LL.logAxis(xAxis, d.xUnit)
          : xAxis.ticks(6).tickFormat(function (v) {
              return LL.fmt(v, d.xUnit);
            }),
      );
    g.append('g')
      .attr('class', 'axis')
      .call(
        d.yLog
          ? LL.logAxis(yAxis, d.yUnit)
          : yAxis.ticks(6).tickFormat(function (v) {
              return LL.fmt(v, d.yUnit);
            }),
      );
    LL.axisLabel(svg, d.xLabel, M.left + w / 2, H - 8);
    LL.axisLabel(svg, d.yLabel, 16, M.top + h / 2, true);
    var names = d.series.map(function (s) {
      return s.name;
    });
    var color = LL.colorScale(names);
    var line = d3
      .line()
      .defined(function (p) {
        return p[1] !== null;
      })
      .x(function (p) {
        return x(p[0]);
      })
      .y(function (p) {
        return y(p[1]);
      });
    g.append('g')
      .attr('class', 'lines')
      .selectAll('path')
      .data(d.series)
      .join('path')
      .attr('class', 'mark line')
      .attr('fill', 'none')
      .attr('stroke-width', 2)
      .attr('stroke', function (s) {
        return color(s.name);
      })
      .attr('d', function (s) {
        return line(s.points);
      })
      .append('title')
      .text(function (s) {
        return s.name;
      });
    if (d.dots) {
      var dots = [];
      d.series.forEach(function (s) {
        s.points.forEach(function (p, i) {
          if (p[1] !== null) dots.push({ s: s.name, p: p, note: s.notes ? s.notes[i] : '' });
        });
      });
      g.append('g')
        .attr('class', 'dots')
        .selectAll('circle')
        .data(dots)
        .join('circle')
        .attr('class', 'mark dot')
        .attr('r', 3.5)
        .attr('cx', function (o) {
          return x(o.p[0]);
        })
        .attr('cy', function (o) {
          return y(o.p[1]);
        })
        .attr('fill', function (o) {
          return color(o.s);
        })
        .append('title')
        .text(function (o) {
          return (
            (names.length > 1 ? o.s + '\n' : '') +
            d.xLabel +
            ' ' +
            LL.fmt(o.p[0], d.xUnit) +
            '\n' +
            d.yLabel +
            ' ' +
            LL.fmt(o.p[1], d.yUnit) +
            (o.note ? '\n' + o.note : '')
          );
        });
    }
    if (names.length > 1) LL.legend(svg, names, color, M.left + w + 20, M.top + 4);
  };
})();

// Stacked bars: a bar per category, a segment per series, an optional limit line per bar.
(function () {
  'use strict';
  var LL = window.LL;
  var M = { top: 20, right: 270, bottom: 70, left: 80 };

  LL.charts['stacked-bars'] = function (el, d) {
    var W = Math.max(560, M.left + M.right + d.categories.length * 130);
    var H = 380;
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var totals = d.categories.map(function (_, i) {
      return d3.sum(d.series, function (s) {
        return s.values[i];
      });
    });
    var scaleOf = function (i) {
      return d.normalize && totals[i] > 0 ? 1 / totals[i] : 1;
    };
    var top = d.normalize
      ? 1
      : d3.max(
          d.categories.map(function (_, i) {
            return Math.max(totals[i], d.limits && d.limits[i] !== null ? d.limits[i] : 0);
          }),
        );
    var x = d3.scaleBand().domain(d3.range(d.categories.length)).range([0, w]).padding(0.3);
    var y = d3
      .scaleLinear()
      .domain([0, top || 1])
      .nice()
      .range([h, 0]);
    var svg = LL.svg(el, W, H);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    LL.grid(g, null, y, w, h);
    g.append('g')
      .attr('class', 'axis x-axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(
        d3.axisBottom(x).tickFormat(function (i) {
          return d.categories[i];
        }),
      )
      .selectAll('.tick text')
      .call(LL.wrap, x.step());
    g.append('g')
      .attr('class', 'axis')
      .call(
        d3
          .axisLeft(y)
          .ticks(6)
          .tickFormat(function (v) {
            return d.normalize ? LL.fmt(v, '%') : LL.fmt(v, d.unit);
          }),
      );
    LL.axisLabel(svg, d.yLabel + (d.normalize ? ' (share of each bar)' : ''), 16, M.top + h / 2, true);

    var names = d.series.map(function (s) {
      return s.name;
    });
    var color = LL.colorScale(names);
    var fill = function (name) {
      return (d.colors && d.colors[name]) || color(name);
    };
    var segs = [];
    d.categories.forEach(function (c, i) {
      var base = 0;
      d.series.forEach(function (s) {
        var v = s.values[i];
        if (!(v > 0)) return;
        segs.push({ i: i, name: s.name, v: v, y0: base * scaleOf(i), y1: (base + v) * scaleOf(i) });
        base += v;
      });
    });
    g.append('g')
      .attr('class', 'segments')
      .selectAll('rect')
      .data(segs)
      .join('rect')
      .attr('class', function (s) {
        return 'mark seg' + (s.i === d.highlight ? ' chosen-mark' : '');
      })
      .attr('x', function (s) {
        return x(s.i);
      })
      .attr('width', x.bandwidth())
      .attr('y', function (s) {
        return y(s.y1);
      })
      .attr('height', function (s) {
        return Math.max(0, y(s.y0) - y(s.y1));
      })
      .attr('fill', function (s) {
        return fill(s.name);
      })
      .append('title')
      .text(function (s) {
        return (
          d.categories[s.i] + ' — ' + s.name + ': ' + LL.fmt(s.v, d.unit) + ' (' + LL.fmt(s.v / totals[s.i], '%') + ')'
        );
      });
    // totals above the bars
    g.append('g')
      .selectAll('text')
      .data(d.categories)
      .join('text')
      .attr('x', function (_, i) {
        return x(i) + x.bandwidth() / 2;
      })
      .attr('y', function (_, i) {
        return y(d.normalize ? 1 : totals[i]) - 4;
      })
      .attr('text-anchor', 'middle')
      .attr('font-size', 10)
      .text(function (_, i) {
        return LL.fmt(totals[i], d.unit);
      });
    if (d.limits && !d.normalize) {
      g.append('g')
        .attr('class', 'limits')
        .selectAll('line')
        .data(
          d.limits
            .map(function (l, i) {
              return { l: l, i: i };
            })
            .filter(function (o) {
              return o.l !== null;
            }),
        )
        .join('line')
        .attr('class', 'limit')
        .attr('stroke', '#b00')
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', '6,3')
        .attr('x1', function (o) {
          return x(o.i) - 6;
        })
        .attr('x2', function (o) {
          return x(o.i) + x.bandwidth() + 6;
        })
        .attr('y1', function (o) {
          return y(o.l);
        })
        .attr('y2', function (o) {
          return y(o.l);
        })
        .append('title')
        .text(function (o) {
          return (d.limitLabel || 'limit') + ': ' + LL.fmt(o.l, d.unit);
        });
    }
    LL.legend(svg, names, fill, M.left + w + 20, M.top + 4);
    if (d.limits && !d.normalize) {
      var lg = svg
        .append('g')
        .attr('class', 'legend')
        .attr('transform', 'translate(' + (M.left + w + 20) + ',' + (M.top + 10 + names.length * 16) + ')');
      lg.append('line')
        .attr('x1', 0)
        .attr('x2', 10)
        .attr('y1', 5)
        .attr('y2', 5)
        .attr('stroke', '#b00')
        .attr('stroke-width', 2);
      lg.append('text')
        .attr('x', 14)
        .attr('y', 9)
        .text(d.limitLabel || 'limit');
    }
  };
})();

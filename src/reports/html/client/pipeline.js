// Pipeline Gantt: a row per stage, a block per event labelled with its micro-batch, bubbles hatched.
(function () {
  'use strict';
  var LL = window.LL;
  var COLORS = {
    forward: '#4e79a7',
    backward: '#f28e2b',
    recompute: '#b07aa1',
    optimizer: '#59a14f',
    communication: '#9c755f',
  };

  LL.charts.pipeline = function (el, d) {
    var M = { top: 16, right: 150, bottom: 48, left: 70 };
    var W = 1000;
    var rowH = Math.max(18, Math.min(40, 360 / d.stages));
    var H = M.top + M.bottom + d.stages * rowH;
    var w = W - M.left - M.right;
    var h = H - M.top - M.bottom;
    var x = d3
      .scaleLinear()
      .domain([0, d.makespan || 1])
      .range([0, w]);
    var y = d3.scaleBand().domain(d3.range(d.stages)).range([0, h]).paddingInner(0.15);
    var svg = LL.svg(el, W, H);
    var hatchId = 'hatch-' + el.id;
    svg
      .append('defs')
      .append('pattern')
      .attr('id', hatchId)
      .attr('patternUnits', 'userSpaceOnUse')
      .attr('width', 6)
      .attr('height', 6)
      .attr('patternTransform', 'rotate(45)')
      .append('line')
      .attr('x1', 0)
      .attr('y1', 0)
      .attr('x2', 0)
      .attr('y2', 6)
      .attr('stroke', '#c9ced6')
      .attr('stroke-width', 2);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', 'translate(0,' + h + ')')
      .call(
        d3
          .axisBottom(x)
          .ticks(8)
          .tickFormat(function (v) {
            return LL.fmt(v, 's');
          }),
      );
    g.append('g')
      .attr('class', 'axis')
      .call(
        d3.axisLeft(y).tickFormat(function (s) {
          return 'stage ' + s;
        }),
      );
    LL.axisLabel(svg, 'time in the step', M.left + w / 2, H - 8);
    var span = function (e) {
      return LL.fmt(e.start, 's') + ' – ' + LL.fmt(e.end, 's') + ' (' + LL.fmt(e.end - e.start, 's') + ')';
    };
    g.append('g')
      .attr('class', 'bubbles')
      .selectAll('rect')
      .data(d.bubbles)
      .join('rect')
      .attr('class', 'bubble')
      .attr('fill', 'url(#' + hatchId + ')')
      .attr('x', function (b) {
        return x(b.start);
      })
      .attr('width', function (b) {
        return Math.max(0.5, x(b.end) - x(b.start));
      })
      .attr('y', function (b) {
        return y(b.stage);
      })
      .attr('height', y.bandwidth())
      .append('title')
      .text(function (b) {
        return 'stage ' + b.stage + ' idle ' + span(b);
      });
    // communication runs beside compute: a strip at the bottom of the row
    var top = function (e) {
      return e.kind === 'communication' ? y(e.stage) + y.bandwidth() * 0.75 : y(e.stage);
    };
    var height = function (e) {
      return e.kind === 'communication' ? y.bandwidth() * 0.25 : y.bandwidth();
    };
    var ev = g.append('g').attr('class', 'events').selectAll('g').data(d.events).join('g');
    ev.append('rect')
      .attr('class', 'mark event')
      .attr('x', function (e) {
        return x(e.start);
      })
      .attr('width', function (e) {
        return Math.max(0.5, x(e.end) - x(e.start));
      })
      .attr('y', top)
      .attr('height', height)
      .attr('fill', function (e) {
        return COLORS[e.kind];
      })
      // a white edge separates wide blocks; on narrow ones it would wash the colours out
      .attr('stroke', function (e) {
        return x(e.end) - x(e.start) > 4 ? '#fff' : 'none';
      })
      .attr('stroke-width', 0.5)
      .append('title')
      .text(function (e) {
        return 'stage ' + e.stage + ', micro-batch ' + e.microBatch + ', ' + e.kind + '\n' + span(e);
      });
    ev.filter(function (e) {
      return e.kind !== 'communication' && x(e.end) - x(e.start) > 14;
    })
      .append('text')
      .attr('x', function (e) {
        return (x(e.start) + x(e.end)) / 2;
      })
      .attr('y', function (e) {
        return y(e.stage) + y.bandwidth() / 2 + 4;
      })
      .attr('text-anchor', 'middle')
      .attr('fill', '#fff')
      .attr('font-size', 10)
      .attr('pointer-events', 'none')
      .text(function (e) {
        return e.microBatch;
      });
    var kinds = Object.keys(COLORS).filter(function (k) {
      return d.events.some(function (e) {
        return e.kind === k;
      });
    });
    var lg = LL.legend(
      svg,
      kinds,
      function (k) {
        return COLORS[k];
      },
      M.left + w + 20,
      M.top + 4,
    );
    var row = lg.append('g').attr('transform', 'translate(0,' + kinds.length * 16 + ')');
    row
      .append('rect')
      .attr('width', 10)
      .attr('height', 10)
      .attr('fill', 'url(#' + hatchId + ')')
      .attr('stroke', '#c9ced6');
    row.append('text').attr('x', 14).attr('y', 9).text('idle (bubble)');
  };
})();

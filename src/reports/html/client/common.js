// Helpers every chart renderer shares (browser script, runs after d3; renderers register in LL.charts).
(function () {
  'use strict';
  var LL = (window.LL = { charts: {} });

  LL.palette = [
    '#4e79a7',
    '#f28e2b',
    '#e15759',
    '#76b7b2',
    '#59a14f',
    '#edc948',
    '#b07aa1',
    '#ff9da7',
    '#9c755f',
    '#bab0ac',
  ];

  // the same thing has the same colour in every chart of every report
  LL.fixed = {
    matmul: '#4e79a7',
    attention: '#f28e2b',
    elementwise: '#76b7b2',
    norm: '#edc948',
    embedding: '#b07aa1',
    communication: '#e15759',
    weights: '#4e79a7',
    'KV cache': '#f28e2b',
    'workspace (activations, logits)': '#e15759',
    gradients: '#59a14f',
    'optimizer states': '#b07aa1',
  };

  /** A colour per name: the fixed one where there is one, else in the order the names are given. */
  LL.colorScale = function (names) {
    var ordinal = d3.scaleOrdinal().domain(names).range(LL.palette);
    return function (n) {
      return LL.fixed[n] || ordinal(n);
    };
  };

  /** An SVG of a fixed design size that scales to the page width. */
  LL.svg = function (el, width, height) {
    return d3
      .select(el)
      .append('svg')
      .attr('viewBox', '0 0 ' + width + ' ' + height)
      .attr('width', width)
      .attr('height', height)
      .attr('role', 'img');
  };

  var PREFIXES = ['f', 'p', 'n', 'µ', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
  var sig3 = d3.format('.3~r');
  /** 3 significant digits with an SI prefix before the unit ("312 TFLOP/s", "1.5 ms", "80 GB"). */
  LL.fmt = function (x, unit) {
    if (x === null || x === undefined) return '—';
    if (unit === '%') return d3.format('.1f')(x * 100) + ' %';
    var u = unit || '';
    if (x === 0) return '0' + (u ? ' ' + u : '');
    var k = Math.max(-5, Math.min(6, Math.floor(Math.log10(Math.abs(x)) / 3)));
    // plain numbers below 10,000 read better without a prefix
    if (!u && ((k === 1 && Math.abs(x) < 1e4) || (k < 0 && Math.abs(x) >= 1e-3))) k = 0;
    var v = sig3(x / Math.pow(1000, k));
    return v + (u ? ' ' + PREFIXES[k + 5] + u : PREFIXES[k + 5]);
  };

  /** A legend of coloured squares, one row per name. */
  LL.legend = function (svg, names, color, x, y) {
    var g = svg
      .append('g')
      .attr('class', 'legend')
      .attr('transform', 'translate(' + x + ',' + y + ')');
    names.forEach(function (n, i) {
      var row = g.append('g').attr('transform', 'translate(0,' + i * 16 + ')');
      row.append('rect').attr('width', 10).attr('height', 10).attr('fill', color(n));
      row.append('text').attr('x', 14).attr('y', 9).text(n);
    });
    return g;
  };

  /** Axis title centred under or beside a plot area. */
  LL.axisLabel = function (svg, text, x, y, rotate) {
    var t = svg.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text(text);
    if (rotate) t.attr('transform', 'translate(' + x + ',' + y + ') rotate(-90)');
    else t.attr('x', x).attr('y', y);
    return t;
  };

  /** Log-axis ticks with SI labels (d3's default log labels repeat digits). */
  LL.logAxis = function (axis, unit) {
    return axis.ticks(6, function (d) {
      var e = Math.log10(d);
      return Math.abs(e - Math.round(e)) < 1e-9 ? LL.fmt(d, unit) : '';
    });
  };

  /** Breaks axis labels into lines of about `width` px (11 px text is about 6 px a character). */
  LL.wrap = function (texts, width) {
    var perLine = Math.max(6, Math.floor(width / 6));
    texts.each(function () {
      var t = d3.select(this);
      var words = t.text().split(/\s+/);
      var lines = [''];
      words.forEach(function (w) {
        var last = lines[lines.length - 1];
        if (last && (last + ' ' + w).length > perLine) lines.push(w);
        else lines[lines.length - 1] = last ? last + ' ' + w : w;
      });
      var y = t.attr('y');
      t.text(null);
      lines.forEach(function (l, i) {
        t.append('tspan')
          .attr('x', 0)
          .attr('y', y)
          .attr('dy', 0.71 + i * 1.1 + 'em')
          .text(l);
      });
    });
  };

  /** Light grid lines behind a plot. */
  LL.grid = function (g, xScale, yScale, w, h) {
    var grid = g.append('g').attr('class', 'grid');
    if (yScale) {
      grid
        .selectAll('line.gy')
        .data(yScale.ticks(6))
        .join('line')
        .attr('x1', 0)
        .attr('x2', w)
        .attr('y1', yScale)
        .attr('y2', yScale);
    }
    if (xScale) {
      grid
        .selectAll('line.gx')
        .data(xScale.ticks(6))
        .join('line')
        .attr('y1', 0)
        .attr('y2', h)
        .attr('x1', xScale)
        .attr('x2', xScale);
    }
  };
})();

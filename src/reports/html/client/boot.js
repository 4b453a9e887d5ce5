// Draws every chart of the page from the embedded JSON; one failing chart does not stop the others.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var spec = data[el.getAttribute('data-chart')];
    try {
      var draw = window.LL.charts[spec.kind];
      if (!draw) throw new Error('no renderer for chart kind ' + spec.kind);
      draw(el, spec.data);
    } catch (e) {
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'This chart could not be drawn: ' + e.message;
      el.appendChild(p);
      console.error(e);
    }
  });
})();

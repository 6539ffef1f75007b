// Draws each dashboard chart from the JSON the page carries next to its data table (no inline
// script: the Content-Security-Policy allows only these files).
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts) { return; }
    var spec = JSON.parse(source.textContent);
    var money = spec.series.some(function (s) { return s.money; });
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: money ? 90 : 30, top: 40, bottom: 60 },
      xAxis: { type: "category", data: spec.labels, axisLabel: { rotate: spec.labels.length > 8 ? 40 : 0 } },
      yAxis: money
        ? [{ type: "value", name: "件" }, { type: "value", name: "元" }]
        : [{ type: "value", name: "件" }],
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: s.money || spec.kind === "line" ? "line" : "bar",
          stack: spec.kind === "stacked" ? "total" : undefined,
          yAxisIndex: s.money ? 1 : 0,
          data: s.values.map(Number)
        };
      })
    });
    // redraw at the box's new width: on a window resize, and whenever the box itself changes size
    window.addEventListener("resize", function () { chart.resize(); });
    if (window.ResizeObserver) { new window.ResizeObserver(function () { chart.resize(); }).observe(el); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();

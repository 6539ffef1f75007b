// The monitoring page's charts, drawn from the JSON next to their data tables (no inline script:
// the Content-Security-Policy allows only these files): the job-loss trend, the
// individuals' registrations and benefit by month (counts in 人), and the streets by level.
(function () {
  "use strict";
  function data(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }
  function keepSized(el, chart) {
    window.addEventListener("resize", function () { chart.resize(); });
    if (window.ResizeObserver) { new window.ResizeObserver(function () { chart.resize(); }).observe(el); }
  }
  function trend(el) {
    var spec = data(el.dataset.trend);
    if (!spec || !window.echarts) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 50, bottom: 40 },
      xAxis: { type: "category", data: spec.labels },
      yAxis: { type: "value", name: spec.unit || "%", minInterval: spec.unit ? 1 : 0 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind || "line", connectNulls: false, data: s.values.map(function (v) { return v === null ? null : Number(v); }) };
      })
    });
    keepSized(el, chart);
  }
  function streets(el) {
    var spec = data(el.dataset.graph);
    if (!spec || !window.echarts) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (p) {
          var d = p.data;
          return d.name + "：" + d.level + (d.rate === null ? "" : "（岗位流失率 " + d.rate + "%）");
        }
      },
      series: [{
        type: "graph",
        layout: "none",
        roam: false,
        symbolSize: 34,
        label: { show: true, position: "bottom", fontSize: 11 },
        data: spec.nodes.map(function (n) {
          return { name: n.name, level: n.level, rate: n.rate, x: n.x * 100, y: n.y * 70, itemStyle: { color: n.colour } };
        }),
        links: []
      }]
    });
    keepSized(el, chart);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-trend]").forEach(trend);
    document.querySelectorAll("[data-graph]").forEach(streets);
  });
})();

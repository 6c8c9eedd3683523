/* Draws the summary charts from the JSON the page carries; the tables beside each
   chart hold the same numbers for screen readers and print. */
(function () {
  "use strict";
  var source = document.getElementById("summary-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { bh: "#0b6b3a", proses: "#d9a400", belum: "#8a959e" };
  Chart.defaults.font.family = "system-ui, sans-serif";
  Chart.defaults.animation = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { canvas.chart = new Chart(canvas, config); }
  }

  if (data.status && data.status.labels.length) {
    draw("chart-status", {
      type: "bar",
      data: {
        labels: data.status.labels,
        datasets: data.status.series.map(function (s) {
          return { label: s.label, data: s.values, backgroundColor: colours[s.key] };
        })
      },
      options: {
        indexAxis: data.status.labels.length > 8 ? "y" : "x",
        responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }
      }
    });
  }
  if (data.years && data.years.labels.length) {
    draw("chart-tahun", {
      type: "bar",
      data: {
        labels: data.years.labels,
        datasets: [{ label: data.years.label, data: data.years.values, backgroundColor: colours.bh }]
      },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  if (data.funnel && data.funnel.labels.length) {
    draw("chart-funnel", {
      type: "bar",
      data: {
        labels: data.funnel.labels,
        datasets: [{ label: "", data: data.funnel.values, backgroundColor: colours.bh }]
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();

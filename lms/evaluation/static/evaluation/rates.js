// Charts of the rates dashboard; every number drawn here is also in a table on the page.
(function () {
  const source = document.getElementById("evaluation-chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const common = { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } };

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  draw("chart-departments", {
    type: "bar",
    data: { labels: data.departments.labels, datasets: [{ label: "이수율(%)", data: data.departments.rates, backgroundColor: "#1f5aa6" }] },
    options: { ...common, indexAxis: "y", scales: { x: { min: 0, max: 100 } } },
  });
  draw("chart-months", {
    type: "line",
    data: { labels: data.months.labels, datasets: [{ label: "이수 건수", data: data.months.counts, borderColor: "#1f5aa6", tension: 0 }] },
    options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  if (data.splits) {
    draw("chart-splits", {
      type: "bar",
      data: { labels: data.splits.labels, datasets: [{ label: "이수율(%)", data: data.splits.rates, backgroundColor: ["#c2410c", "#1f5aa6"] }] },
      options: { ...common, scales: { y: { min: 0, max: 100 } } },
    });
  }
})();

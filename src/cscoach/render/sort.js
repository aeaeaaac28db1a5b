// Click a column head of a table.sortable to sort its rows by that column (again to reverse).
// A cell's data-v, when it has one, is what it sorts by; an empty cell (n/a) sorts last either way.
"use strict";
(function () {
  function key(cell) {
    const text = cell ? (cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent).trim() : "";
    const number = Number(text.replace(/[%,]/g, ""));
    return text === "-" || text === "" || text === "n/a" ? null : isNaN(number) ? [1, 0, text.toLowerCase()] : [0, number, ""];
  }
  function order(a, b) {
    return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2].localeCompare(b[2]);
  }
  function compare(a, b, descending) {
    if (a === null || b === null) return (a === null) - (b === null);  // n/a apart, at the end
    return descending ? order(b, a) : order(a, b);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    const heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.setAttribute("title", "Sort by " + th.textContent);
      th.addEventListener("click", function () {
        const descending = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).map(function (row) { return [key(row.cells[column]), row]; });
        rows.sort(function (a, b) { return compare(a[0], b[0], descending); });
        rows.forEach(function (pair) { body.appendChild(pair[1]); });
      });
    });
  });
})();

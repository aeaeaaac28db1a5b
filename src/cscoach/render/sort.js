// Click a column head of a table.sortable to sort its rows by that column (again to reverse).
"use strict";
(function () {
  function key(cell) {
    const text = cell ? cell.textContent.trim() : "";
    const number = Number(text.replace(/[%,]/g, ""));
    return text === "-" || text === "" ? [0, -Infinity, ""] : isNaN(number) ? [1, 0, text.toLowerCase()] : [0, number, ""];
  }
  function compare(a, b) {
    return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2].localeCompare(b[2]);
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
        rows.sort(function (a, b) { return descending ? compare(b[0], a[0]) : compare(a[0], b[0]); });
        rows.forEach(function (pair) { body.appendChild(pair[1]); });
      });
    });
  });
})();

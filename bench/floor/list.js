// The list floor: the same call the app's ITSM list sends (POST, JSON body {page, page_size},
// the app's marker header, through the gateway's proxy), the answer read as text and
// JSON.parsed, 20 rows drawn with DOM calls. It records the app's User Timing marks:
// list:response (body arrived), list:decoded (parsed), list:rendered (one frame after the rows).
// A failure is written to body[data-error], so the benchmark stops instead of waiting.
(function () {
  "use strict";
  var FIRST_ROWS = 20;
  var pageSize = Number(new URLSearchParams(location.search).get("page_size")) || 10000;
  var status = document.getElementById("status");

  function fail(message) {
    document.body.setAttribute("data-error", message);
    status.textContent = message;
  }

  function draw(items, count) {
    var body = document.querySelector("#tickets tbody");
    var shown = items.slice(0, FIRST_ROWS);
    for (var i = 0; i < shown.length; i++) {
      var item = shown[i];
      var row = document.createElement("tr");
      row.className = "ticket-row";
      [item.sn, item.title, item.current_status, item.creator, item.create_at, item.service_id]
        .forEach(function (value) {
          var cell = document.createElement("td");
          cell.textContent = value == null ? "" : String(value);
          row.appendChild(cell);
        });
      body.appendChild(row);
    }
    document.getElementById("tickets").setAttribute("data-items", String(items.length));
    status.textContent = items.length + " of " + count + " tickets";
  }

  fetch("/proxy/itsm/api/c/compapi/v2/itsm/get_tickets/", {
    method: "POST",
    headers: { "Content-Type": "application/json", "x-ticket-desk": "1" },
    body: JSON.stringify({ page: 1, page_size: pageSize }),
  })
    .then(function (response) {
      return response.text().then(function (text) {
        performance.mark("list:response");
        // The status first: an error page is rarely JSON, and its text says more than a parse error.
        if (!response.ok) {
          throw new Error("HTTP " + response.status + ": " + text.slice(0, 200));
        }
        var envelope = JSON.parse(text);
        performance.mark("list:decoded");
        if (!envelope.result || Number(envelope.code) !== 0 || !envelope.data) {
          throw new Error("get_tickets answered: " + text.slice(0, 200));
        }
        draw(envelope.data.items || [], envelope.data.count);
        requestAnimationFrame(function () {
          performance.mark("list:rendered");
        });
      });
    })
    .catch(function (error) {
      fail(String(error));
    });
})();

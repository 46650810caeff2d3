// The case queue refreshes itself every minute (a static file: the content security policy allows no
// inline script). It fetches the page again and swaps in the rows, the status counts and the banner of
// waiting cases, so focus and what is typed in the filters stay put. Without JavaScript the "Refresh"
// link does the same by hand.
//
// It stops once nobody has touched the page for the staff idle time (STAFF_IDLE_MINUTES), so a queue
// left open on an unattended screen still signs its user out as the server intends.
(function () {
  "use strict";
  var results = document.getElementById("queue-results");
  if (!results || !window.fetch || !window.DOMParser) {
    return;
  }
  var everyMs = (parseInt(results.dataset.refreshSeconds, 10) || 60) * 1000;
  var idleMs = (parseInt(results.dataset.idleMinutes, 10) || 30) * 60 * 1000;
  var swapped = ["#staff-waiting", ".status-tabs", "#queue-results"];
  var lastActivity = Date.now();
  var stale = false;

  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, function () {
      lastActivity = Date.now();
    }, { passive: true });
  });

  function typingInFilters() {
    var active = document.activeElement;
    return active && active.closest && active.closest(".queue-filters");
  }

  function refresh() {
    if (Date.now() - lastActivity > idleMs) {
      return;
    }
    if (document.hidden || typingInFilters()) {
      stale = true;
      return;
    }
    stale = false;
    window.fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        // Signed out meanwhile (a redirect to the sign-in page): leave the page as it is.
        if (!response.ok || response.redirected) {
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new window.DOMParser().parseFromString(html, "text/html");
        swapped.forEach(function (selector) {
          var current = document.querySelector(selector);
          var replacement = fresh.querySelector(selector);
          if (current && replacement) {
            current.innerHTML = replacement.innerHTML;
          }
        });
      })
      .catch(function () {
        // The network is down for a moment: the next tick tries again.
      });
  }

  window.setInterval(refresh, everyMs);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && stale) {
      refresh();
    }
  });
})();

// The plan editor's "Move up" and "Move down" without reloading the page (a static file: the content
// security policy allows no inline script). The button's POST goes to the same address with the whole
// form, so the server saves what was typed and moves the item exactly as without JavaScript; it answers
// with the new order and the case's version, and the item moves in place with the focus on its button.
//
// Without JavaScript, or when the answer is not that (a conflict, a refusal, a signed-out session), the
// button submits the form as before and the page shows what the server has to say.
(function () {
  "use strict";
  var form = document.querySelector("form.plan-form");
  var list = form && form.querySelector("ol.plan-items");
  if (!list || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.createElement("p");
  status.className = "visually-hidden plan-move-status";
  status.setAttribute("role", "status");
  form.insertBefore(status, list);
  var busy = false;

  function moveButton(item, direction) {
    return item.querySelector('button[name="op"][value^="' + direction + ':"]');
  }

  function submitWithoutScript(button) {
    if (form.requestSubmit) {
      form.requestSubmit(button);
      return;
    }
    var op = document.createElement("input");
    op.type = "hidden";
    op.name = "op";
    op.value = button.value;
    form.appendChild(op);
    form.submit();
  }

  function apply(result, button) {
    form.querySelector('input[name="version"]').value = result.version;
    var items = result.order.map(function (id) {
      return document.getElementById("item-" + id);
    });
    if (items.some(function (item) { return !item; })) {
      window.location.reload();  // someone else added an item meanwhile: show the plan as it is
      return;
    }
    items.forEach(function (item, index) {
      list.appendChild(item);
      var legend = item.querySelector("legend");
      if (legend && legend.firstChild && legend.firstChild.nodeType === Node.TEXT_NODE) {
        legend.firstChild.nodeValue = legend.firstChild.nodeValue.replace(/^\s*\d+\./, index + 1 + ".");
      }
      moveButton(item, "up").disabled = index === 0;
      moveButton(item, "down").disabled = index === items.length - 1;
    });
    var item = button.closest("li");
    var focus = button.disabled ? moveButton(item, button.value.indexOf("up:") === 0 ? "down" : "up") : button;
    focus.focus();
    status.textContent = result.message;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest('button[name="op"]');
    if (!button || !/^(up|down):\d+$/.test(button.value)) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    var data = new window.FormData(form);
    data.set("op", button.value);
    window.fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || type.indexOf("application/json") !== 0) {
          throw new Error("not moved here");
        }
        return response.json();
      })
      .then(function (result) {
        apply(result, button);
        busy = false;
      })
      .catch(function () {
        submitWithoutScript(button);
      });
  });
})();

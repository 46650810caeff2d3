// "Copy" buttons (a static file: the content security policy allows no inline script). Each button names
// the field it copies in data-copy; it starts hidden, since without JavaScript it could not work (the page
// offers a plain-text download instead). The clipboard API needs a secure page (https or localhost); where it
// is missing or refused, the text is selected so Ctrl+C (or Cmd+C) copies it.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copy);
  var status = button.parentElement.querySelector(".copy-status");
  if (!field) {
    return;
  }
  button.hidden = false;
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  function selectText() {
    field.focus();
    field.select();
    say("Selected: press Ctrl+C (or Cmd+C) to copy.");
  }
  button.addEventListener("click", function () {
    if (!navigator.clipboard || !window.isSecureContext) {
      selectText();
      return;
    }
    navigator.clipboard.writeText(field.value).then(function () {
      say(button.dataset.copied || "Copied");
    }, selectText);
  });
});

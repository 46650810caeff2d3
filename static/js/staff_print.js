// "Print" buttons on the handout (a static file: the content security policy allows no inline script).
// The buttons start hidden: without JavaScript they could not work, and the page says to use the browser's
// own Print command instead.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

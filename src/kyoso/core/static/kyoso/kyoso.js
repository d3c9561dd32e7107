// Behaviour that templates ask for with data- attributes: the Content-Security-Policy allows
// scripts from this site only, so no inline handlers (onclick=, onsubmit=, hx-on) anywhere.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form (the workspace switcher).
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
    }
  });

  // <form data-confirm="question">: ask before a destructive submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <input data-select-on-focus>: a secret shown once is selected for copying.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });
})();

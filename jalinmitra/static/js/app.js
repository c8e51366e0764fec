// Small helpers: type-ahead pickers fill a hidden input; the CSRF token rides on every htmx request.
document.addEventListener("htmx:configRequest", function (e) {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) e.detail.headers["X-CSRFToken"] = token.content;
  // A type-ahead sends what was typed as `q` (not with hx-vals="js:...", which needs eval).
  if (e.detail.elt.matches("[data-picker-query]")) e.detail.parameters.q = e.detail.elt.value;
});
document.addEventListener("click", function (e) {
  const option = e.target.closest("[data-pick-value]");
  if (!option) return;
  e.preventDefault();
  const box = option.closest(".typeahead");
  box.querySelector("input[type=hidden]").value = option.dataset.pickValue;
  box.querySelector("input[type=search]").value = option.dataset.pickLabel;
  box.querySelector(".options").innerHTML = "";
});
// Behaviour that used to sit in on*= attributes (the Content-Security-Policy forbids them):
// a checkbox that submits its form, a read-only link selected when clicked.
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
});
document.addEventListener("click", function (e) {
  if (e.target.matches("[data-select-on-click]")) e.target.select();
});
document.addEventListener("click", function (e) {
  const back = e.target.closest("[data-history-back]");
  if (back && history.length > 1) { e.preventDefault(); history.back(); }
});

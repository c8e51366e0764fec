// Small helpers: type-ahead pickers fill a hidden input; the CSRF token rides on every htmx request.
document.addEventListener("htmx:configRequest", function (e) {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) e.detail.headers["X-CSRFToken"] = token.content;
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

// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Forms that ask before a destructive action: <form data-confirm="...">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // After a failed submit, move focus to the first field in error.
  const firstError = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (firstError) firstError.focus();
});

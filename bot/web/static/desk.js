// The desk works without JavaScript; this only submits a filter or language choice on change.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit], [data-autosubmit] select");
  if (field && field.form) field.form.requestSubmit();
});

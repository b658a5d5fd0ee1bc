// The conflict page works without this file: it only adds the buttons that choose
// every paragraph of a text at once.
document.querySelectorAll(".conflict-field").forEach((section) => {
  const buttons = section.querySelector(".conflict-all");
  if (!buttons) return;
  buttons.hidden = false;
  buttons.addEventListener("click", (event) => {
    const side = event.target.dataset && event.target.dataset.choose;
    if (!side) return;
    section.querySelectorAll(`input[type=radio][value=${side}]`).forEach((radio) => {
      radio.checked = true;
    });
  });
});

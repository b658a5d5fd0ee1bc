// The editor's editable area replaces the textarea, so it takes over the textarea's label
// and help text; without them screen readers announce an unnamed text box.
const named = new WeakSet();
function nameEditors() {
  for (const wrapper of document.querySelectorAll(".prose-editor")) {
    const editable = wrapper.querySelector("[contenteditable]");
    const textarea = wrapper.querySelector("textarea");
    if (!editable || !textarea || named.has(editable)) continue;
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label) editable.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    const help = textarea.getAttribute("aria-describedby");
    if (help) editable.setAttribute("aria-describedby", help);
    editable.setAttribute("aria-multiline", "true");
    named.add(editable);
  }
}
new MutationObserver(nameEditors).observe(document.body, { childList: true, subtree: true });
nameEditors();

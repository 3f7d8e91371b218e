// Wide tables on a phone (issue 14): a table box that scrolls sideways gets a visible hint above
// it, a keyboard stop (arrow keys then scroll it) and a name, as axe-core's
// scrollable-region-focusable asks; a box that fits gets none of them, so it adds no tab stop.
(function () {
  "use strict";
  var hintText = document.body.getAttribute("data-scroll-hint") || "";
  var headings = document.querySelectorAll("main h1, main h2, main h3, main h4");

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    // The last heading before the box names what the table shows.
    var name = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) {
        name = headings[i].textContent.trim();
      }
    }
    return name;
  }

  function update() {
    var boxes = document.querySelectorAll(".table-responsive");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = hintText;
        box.parentNode.insertBefore(hint, box);
      }
      hint.classList.toggle("is-shown", scrolls);
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box) || hintText);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  update();
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
})();

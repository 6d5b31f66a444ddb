// The language switch keeps the place on the page (#anchor): the same entry has an id in each
// language, so the other language's page scrolls to it. Without JavaScript the switch still
// works, and lands at the top.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".language-switcher a");
  if (link && window.location.hash) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});

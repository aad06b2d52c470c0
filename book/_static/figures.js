// Every figure can be opened at full resolution: a click on a chart opens the image file itself
// (PNGs are saved at savefig.dpi, larger than they are shown on the page).
document.addEventListener("DOMContentLoaded", () => {
  const images = document.querySelectorAll(
    "article .cell_output img, article figure img, article .output img");
  images.forEach((img) => {
    if (img.closest("a")) return;
    const src = img.getAttribute("src");
    if (!src || src.startsWith("data:")) return;
    const link = document.createElement("a");
    link.href = src;
    link.className = "megacity-figure-link";
    link.title = "Open this figure at full size";
    link.setAttribute("aria-label", "Open this figure at full size: " + (img.alt || "figure"));
    img.parentNode.insertBefore(link, img);
    link.appendChild(img);
  });
});

// Builds elements from data. Text goes in as text (textContent), never as markup.
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function $(id) {
  return document.getElementById(id);
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

export function show(element, visible) {
  element.hidden = !visible;
}

/** A table row of cells; strings become text. */
export function row(...cells) {
  return el('tr', {}, cells.map((cell) => (cell instanceof Node && cell.tagName === 'TD' ? cell : el('td', {}, cell))));
}

export function say(element, text, kind = 'info') {
  element.textContent = text;
  element.dataset.kind = kind;
}

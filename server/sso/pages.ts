/** The few HTML pages of sign-in: what went wrong, in words, and a way back. */
export function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · helpflow</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
<p class="reason">${escape(message)}</p>
<p><a href="/">Back to helpflow</a></p>
</main>
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

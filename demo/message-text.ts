/**
 * What the demo's messages say: one short generic line per kind of message, and the planted
 * text. Every connector drops message text at once (docs/privacy.md), so only two things about
 * the text matter: a message may mention someone (`<@U…>`), as real ones do, and each one
 * carries PLANTED_TEXT, which a test looks for in the database file after importing the demo to
 * prove that no text is stored.
 */

/** In every message the demo writes but the channel_join notices (which Slack words itself). */
export const PLANTED_TEXT = 'planted-text-7c1f: helpflow never stores message text';

export type MessageKind =
  | 'question'
  | 'answer'
  | 'more'
  | 'followup'
  | 'thanks'
  | 'note'
  | 'announcement'
  | 'standup'
  | 'standup-reply'
  | 'deploy';

/** A message's words: text, or a mention, rendered as Slack's `text` and as `rich_text`. */
export type Segment = { kind: 'text'; text: string } | { kind: 'user'; userId: string };

const LINES: Record<MessageKind, (topic: string, channel: string) => string> = {
  question: (topic) => `A question about ${topic}?`,
  answer: (topic) => `An answer about ${topic}.`,
  more: (topic) => `More about ${topic}.`,
  followup: () => 'A follow-up question?',
  thanks: () => 'Thanks!',
  note: () => 'A note for the team.',
  announcement: () => 'An announcement for everyone.',
  standup: (_, channel) => `Weekly check-in for #${channel}: any blockers?`,
  'standup-reply': (topic) => `Working on ${topic}.`,
  deploy: () => 'Deployed to production.',
};

/**
 * One message's words: the mentioned person (if any) first, then its kind's line and the planted
 * text.
 */
export function messageText(
  kind: MessageKind,
  topic: string,
  channel: string,
  mention: string | null,
): Segment[] {
  const line = `${LINES[kind](topic, channel)} ${PLANTED_TEXT}`;
  if (mention === null) return [{ kind: 'text', text: line }];
  return [
    { kind: 'user', userId: mention },
    { kind: 'text', text: ` ${line}` },
  ];
}

/** Slack escapes these three in `text` (but not in blocks). */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `text` field of a message. */
export function renderText(segments: readonly Segment[]): string {
  return segments
    .map((s) => (s.kind === 'text' ? escapeMrkdwn(s.text) : `<@${s.userId}>`))
    .join('');
}

/** The elements of a `rich_text_section`. */
export function renderElements(segments: readonly Segment[]): object[] {
  return segments.map((s) =>
    s.kind === 'text' ? { type: 'text', text: s.text } : { type: 'user', user_id: s.userId },
  );
}

/**
 * Short, plausible message texts made from templates and a topic's vocabulary. A message is a
 * list of segments so that the same words can be rendered both as Slack's `text` (mrkdwn with
 * `<@U…>` mentions) and as its `rich_text` blocks.
 */
import type { Random } from './random.ts';
import type { TopicVocabulary } from './teams.ts';

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'user'; userId: string }
  | { kind: 'link'; url: string }
  | { kind: 'emoji'; name: string };

export type PhraseKind =
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

export interface PhraseContext {
  topic: TopicVocabulary & { name: string };
  /** Slack id of the thread starter (mentioned in some answers). */
  starter: string | null;
  /** Slack id of whoever helped (thanked by name in some replies). */
  helper: string | null;
  service: string;
  channel: string;
  /** Unix seconds of the message, for release versions and the like. */
  seconds: number;
}

const TEMPLATES: Record<PhraseKind, readonly string[]> = {
  question: [
    'Has anyone seen {error} when trying to {action}?',
    'Quick question: what’s the recommended way to {action}?',
    'Is {thing} supposed to {symptom}? Happening {when}.',
    'I’m getting {error} from {thing} {when}. Any idea where to look?',
    'Who knows how {thing} is set up? I need to {action} before the release.',
    'Does anyone have a runbook for how to {action}?',
    'Trying to {action} but it keeps failing with {error}. What am I missing?',
    'Can someone sanity-check my approach? I want to {action} by changing {thing}.',
    'Is there a dashboard for {thing}? Trying to understand why it started to {symptom}.',
    'Sorry if this was asked before: how do I {action}?',
    'Hi all, {thing} seems to {symptom} {when}. Is that expected?',
    'Anyone around who knows {thing}? Seeing {error} {when} {emoji:thinking_face}',
  ],
  answer: [
    'That’s a known issue with {thing}. {Fix} and it should go away.',
    'You need to {fix}. We hit the same thing last quarter.',
    'Have you tried to {fix}? That usually does it.',
    'I’d start with {thing}; {error} almost always means the config drifted. {Fix}.',
    'There’s a runbook for this: {runbook}',
    'Yes, run {command}, it handles the edge cases for you.',
    'Let me check… OK, you should {fix}. I’ve also opened {ticket} for the root cause.',
    'We changed that last sprint, sorry! {Fix} and it works again.',
    '{starter} it’s {thing}. {Fix}, then retry.',
    'Seen this before: {fix}. Details in {runbook}',
    'Short answer: {fix}. Long answer is in the design doc, happy to walk you through it.',
    'I can pair on this after standup if you like. My guess is {thing}.',
  ],
  more: [
    'Let me know if it happens again.',
    'Also worth adding an alert on {thing} so we catch it earlier.',
    'I’ve updated the runbook with this case: {runbook}',
    'If that doesn’t help, send me the trace id and I’ll dig in.',
    'Oh, and {fix} as well, otherwise it comes back after the next deploy.',
    'Can you try {command} and paste the output?',
  ],
  followup: [
    'Thanks, trying that now.',
    'Still seeing {error} after that. Anything else I should check?',
    'Ah, makes sense. Is that documented somewhere?',
    'Which one, {thing}? There are two in staging.',
    'Done, redeploying now.',
    'Hmm, I don’t have access to {thing}. Who can grant it?',
    'Output below, looks like {error} again.',
  ],
  thanks: [
    'That worked, thanks a lot!',
    'Perfect, all green now {emoji:raised_hands}',
    'Fixed! Thanks {helper}',
    'Confirmed, works on my side too. Thank you!',
    'That was it. Thanks for the quick help {emoji:pray}',
    'Works now, I owe you a coffee {emoji:coffee}',
  ],
  note: [
    'Heads-up: deploying {service} to production in 10 minutes.',
    'Reminder: retro is at 15:00 today.',
    'FYI, maintenance on {thing} tonight between 22:00 and 23:00 UTC.',
    'Recording of today’s sprint review: {runbook}',
    'Shipped the new {service} dashboard {emoji:tada}',
    'Please review my PR when you get a chance: {pull}',
    'Release notes for this week are up: {runbook}',
    'Planning for next sprint is moved to Wednesday.',
  ],
  announcement: [
    'Reminder: all-hands on Thursday at 16:00 UTC, send your questions in the form beforehand.',
    'The Lisbon office is closed on Monday for a public holiday.',
    'Please fill in the engagement survey by Friday: {survey}',
    'Lunch & learn tomorrow: {thing} for non-experts.',
    'Welcome to everyone who joined this month! {emoji:wave}',
    'Security reminder: never paste tokens in Slack, use the vault instead.',
    'The new expense tool goes live next week, guide here: {survey}',
  ],
  standup: [
    'Weekly check-in for #{channel}: what are you focusing on this week, and is anything blocking you?',
    'Monday check-in {emoji:wave} What’s your main goal this week? Any blockers?',
  ],
  'standup-reply': [
    'Focusing on how to {action}; blocked on a review of {thing}.',
    'Mostly on-call this week, plus {thing}.',
    'Wrapping up {thing}, no blockers.',
    'Out Thursday and Friday, otherwise trying to {action}.',
  ],
  deploy: [
    'Deployed {service} {version} to production (took {minutes} min)',
    'Deploy of {service} {version} to staging succeeded',
    'Rollback of {service} to {version} finished',
  ],
};

const SYMPTOMS = [
  'time out',
  'return stale data',
  'fail intermittently',
  'get slower every day',
  'retry forever',
  'drop requests',
  'use far more memory than before',
];

const WHEN = [
  'since this morning',
  'after yesterday’s deploy',
  'since the upgrade',
  'only in staging',
  'on every other run',
  'since Friday',
  'for some customers',
];

export const EMOJI_CODES: Record<string, string> = {
  '+1': '1f44d',
  coffee: '2615',
  eyes: '1f440',
  heart: '2764-fe0f',
  pray: '1f64f',
  raised_hands: '1f64c',
  rocket: '1f680',
  tada: '1f389',
  thinking_face: '1f914',
  wave: '1f44b',
  white_check_mark: '2705',
};

const PLACEHOLDER = /\{([A-Za-z_+:-]+)\}/g;
const parsed = new Map<string, readonly string[]>();

/** Template split into literal text (even positions) and placeholder names (odd positions). */
function parse(template: string): readonly string[] {
  let parts = parsed.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    parsed.set(template, parts);
  }
  return parts;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/^the /, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function fill(rng: Random, name: string, context: PhraseContext): Segment {
  const topic = context.topic;
  switch (name) {
    case 'thing':
      return { kind: 'text', text: rng.pick(topic.things) };
    case 'action':
      return { kind: 'text', text: rng.pick(topic.actions) };
    case 'fix':
      return { kind: 'text', text: rng.pick(topic.fixes) };
    case 'Fix': {
      const fix = rng.pick(topic.fixes);
      return { kind: 'text', text: fix.charAt(0).toUpperCase() + fix.slice(1) };
    }
    case 'error':
      return { kind: 'code', text: rng.pick(topic.errors) };
    case 'command':
      return topic.commands.length > 0
        ? { kind: 'code', text: rng.pick(topic.commands) }
        : { kind: 'text', text: 'the self-service portal' };
    case 'symptom':
      return { kind: 'text', text: rng.pick(SYMPTOMS) };
    case 'when':
      return { kind: 'text', text: rng.pick(WHEN) };
    case 'runbook':
      return {
        kind: 'link',
        url: `https://wiki.example.com/${topic.name}/${slug(rng.pick(topic.things))}`,
      };
    case 'ticket':
      return {
        kind: 'link',
        url: `https://tracker.example.com/browse/${topic.name
          .replace(/[^a-z]/g, '')
          .slice(0, 4)
          .toUpperCase()}-${rng.int(100, 4999)}`,
      };
    case 'pull':
      return {
        kind: 'link',
        url: `https://github.example.com/acme/${context.service}/pull/${rng.int(200, 3999)}`,
      };
    case 'survey':
      return {
        kind: 'link',
        url: `https://intranet.example.com/people/${rng.pick(['survey', 'guides', 'expenses'])}`,
      };
    case 'starter':
      return context.starter
        ? { kind: 'user', userId: context.starter }
        : { kind: 'text', text: 'Hi,' };
    case 'helper':
      return context.helper
        ? { kind: 'user', userId: context.helper }
        : { kind: 'text', text: 'all' };
    case 'service':
      return { kind: 'text', text: context.service };
    case 'channel':
      return { kind: 'text', text: context.channel };
    case 'version': {
      const day = new Date(context.seconds * 1000).toISOString().slice(0, 10).replace(/-/g, '.');
      return { kind: 'code', text: `${day}-${rng.int(1, 6)}` };
    }
    case 'minutes':
      return { kind: 'text', text: String(rng.int(2, 14)) };
    default:
      if (name.startsWith('emoji:')) return { kind: 'emoji', name: name.slice(6) };
      throw new Error(`phrase: unknown placeholder {${name}}`);
  }
}

/** One message's words. Adjacent plain text is merged, as Slack does in its blocks. */
export function phrase(rng: Random, kind: PhraseKind, context: PhraseContext): Segment[] {
  const parts = parse(rng.pick(TEMPLATES[kind]));
  const segments: Segment[] = [];
  const push = (segment: Segment): void => {
    const last = segments[segments.length - 1];
    if (segment.kind === 'text' && last?.kind === 'text') last.text += segment.text;
    else if (segment.kind !== 'text' || segment.text !== '') segments.push(segment);
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    push(i % 2 === 0 ? { kind: 'text', text: part } : fill(rng, part, context));
  }
  return segments;
}

/** Slack escapes these three in `text` (but not in blocks). */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `text` field of a message. */
export function renderText(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    switch (segment.kind) {
      case 'text':
        out += escapeMrkdwn(segment.text);
        break;
      case 'code':
        out += `\`${escapeMrkdwn(segment.text)}\``;
        break;
      case 'user':
        out += `<@${segment.userId}>`;
        break;
      case 'link':
        out += `<${segment.url}>`;
        break;
      case 'emoji':
        out += `:${segment.name}:`;
        break;
    }
  }
  return out;
}

/** The elements of a `rich_text_section`. */
export function renderElements(segments: readonly Segment[]): object[] {
  return segments.map((segment) => {
    switch (segment.kind) {
      case 'text':
        return { type: 'text', text: segment.text };
      case 'code':
        return { type: 'text', text: segment.text, style: { code: true } };
      case 'user':
        return { type: 'user', user_id: segment.userId };
      case 'link':
        return { type: 'link', url: segment.url };
      case 'emoji':
        return { type: 'emoji', name: segment.name, unicode: EMOJI_CODES[segment.name] ?? '1f642' };
    }
  });
}

/**
 * docs/help.md for e-mail: a reply is the replier helping the author of the message it answers
 * (kind 'email-reply'). Archives are not always in thread order (a reply can be filed before
 * its parent, in the same file or an earlier one), so what is kept is small: each message id
 * with its sender's address, and the replies whose parent has not been read yet, until the end.
 */
import type { SkipTally } from '../shared/skips.ts';
import type { AccountRecord, ActivityRecord, InteractionRecord } from '../types.ts';
import type { Message } from './message.ts';

export const SOURCE = 'email';

export const SKIP = {
  noSender: 'message without a sender address',
  duplicate: 'the same message again (same Message-ID)',
  automatic: 'automatic message (Auto-Submitted)',
  threadStart: 'message that starts a thread (not a reply)',
  toAutomatic: 'reply to an automatic message',
  toNoSender: 'reply to a message without a sender address',
  selfReply: 'self-reply (reply to one’s own message)',
  missingParent: 'parent not in archive',
};

/** Where a reply happened, for the interaction. */
export interface Place {
  context: string;
  topic: string | null;
}

interface WaitingReply {
  message: Message;
  sender: string;
  place: Place;
}

/** Marks, in the map of senders, a message a program wrote, and one with no sender address. */
const AUTOMATIC = '';
const NO_SENDER = '?';

export class ReplyBook {
  /** Message id → sender address, or AUTOMATIC, or NO_SENDER. */
  private readonly senders = new Map<string, string>();
  private readonly waiting: WaitingReply[] = [];
  /** Address → display name (the first one seen) and whether a person wrote from it. */
  private readonly addresses = new Map<string, { name: string | null; human: boolean }>();

  constructor(private readonly skips: SkipTally) {}

  /**
   * The message as help, if its parent has been read (otherwise it waits for finish()); a
   * message that starts a thread as activity.
   */
  *add(message: Message, place: Place): Generator<InteractionRecord | ActivityRecord> {
    if (message.id !== null) {
      if (this.senders.has(message.id)) return this.skips.add(SKIP.duplicate);
      const sender = message.automatic ? AUTOMATIC : (message.sender?.address ?? NO_SENDER);
      this.senders.set(message.id, sender);
    }
    if (message.sender === null) return this.skips.add(SKIP.noSender);
    this.remember(message.sender, !message.automatic);
    if (message.automatic) return this.skips.add(SKIP.automatic);
    if (message.parentId === null) {
      this.skips.add(SKIP.threadStart);
      yield {
        type: 'activity',
        source: SOURCE,
        sourceId: message.sourceId,
        occurredAt: message.occurredAt,
        account: message.sender.address,
        kind: 'thread',
        context: place.context,
      };
      return;
    }
    const reply = { message, sender: message.sender.address, place };
    if (this.senders.has(message.parentId)) yield* this.resolve(reply);
    else this.waiting.push(reply);
  }

  /** The replies whose parent came later, and one account per sender. */
  *finish(): Generator<AccountRecord | InteractionRecord> {
    for (const reply of this.waiting) yield* this.resolve(reply);
    this.waiting.length = 0;
    for (const [address, { name, human }] of this.addresses) {
      yield {
        type: 'account',
        source: SOURCE,
        accountId: address,
        displayName: name,
        email: address,
        isBot: !human,
      };
    }
  }

  private *resolve({ message, sender, place }: WaitingReply): Generator<InteractionRecord> {
    const parent = this.senders.get(message.parentId!);
    if (parent === undefined) return this.skips.add(SKIP.missingParent);
    if (parent === AUTOMATIC) return this.skips.add(SKIP.toAutomatic);
    if (parent === NO_SENDER) return this.skips.add(SKIP.toNoSender);
    if (parent === sender) return this.skips.add(SKIP.selfReply);
    yield {
      type: 'interaction',
      source: SOURCE,
      sourceId: message.sourceId,
      occurredAt: message.occurredAt,
      helper: sender,
      helped: parent,
      kind: 'email-reply',
      ...place,
      weight: null,
      thread: message.thread,
    };
  }

  /** An address that only ever sent automatic messages is a program's: a bot account. */
  private remember(sender: NonNullable<Message['sender']>, human: boolean): void {
    const known = this.addresses.get(sender.address);
    if (!known) this.addresses.set(sender.address, { name: sender.name, human });
    else {
      known.name ??= sender.name;
      known.human ||= human;
    }
  }
}

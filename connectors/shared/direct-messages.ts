/**
 * The contexts of help in direct messages, on every chat platform: generic, so that no
 * person's name ends up as a context.
 */
export const DIRECT_MESSAGE = 'direct message';
export const GROUP_DIRECT_MESSAGE = 'group direct message';

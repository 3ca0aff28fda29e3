/**
 * Events this group posts to the meter's history log (8.12). PROVISIONAL: manufacturer event
 * codes of our choosing (the sources give no M-Bus or MEP event codes); the argument names the
 * channel (M-Bus) or the posting kind (MEP).
 */
export const GROUP_EVENT = {
  mbusInstalled: 0x80,
  mbusRemoved: 0x81,
  mbusNoResponse: 0x82,
  mbusReadInterrupted: 0x83,
  mepUrgentData: 0x90,
  mepAlarms: 0x91,
} as const;

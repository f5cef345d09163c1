/** Roles a user may hold in one consultation (several at once). See DESIGN.md, "Who uses it". */
export const consultationRoles = [
  'participant',
  'moderator',
  'idea_catcher',
  'synthesizer',
  'strategist',
  'expert',
  'client_viewer',
] as const;
export type ConsultationRole = (typeof consultationRoles)[number];

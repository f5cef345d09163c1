export * from '../../platform/members/members.server';

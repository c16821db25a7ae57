export {
  BOUNDARY_ALLOWED_ACTIONS,
  BOUNDARY_DENIED_ESCALATION_ACTIONS,
  BOUNDARY_SERVICE_ACTIONS,
  UNSCOPED_BOUNDARY_ACTIONS,
  UNSCOPED_REASONS,
} from '../core/boundary-catalogue';
export * from './permissions-boundary';

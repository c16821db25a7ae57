/** Days a production log group keeps its logs at least (CKV_AWS_338): validation (model/) refuses less, the policy pack flags less. */
export const PRODUCTION_LOG_RETENTION_DAYS = 365;

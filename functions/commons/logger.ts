import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from '../../shared/metrics';

/** Structured JSON logs; the service name comes from POWERTOOLS_SERVICE_NAME when set. */
export const logger = new Logger({ serviceName: SERVICE_NAME });

// The CDN the functions invalidate on recall: CloudFront in AWS, nothing locally (nothing caches there).
import { noInvalidation } from '../../shared/scan/cache';
import { cloudFrontInvalidator } from '../../shared/scan/cloudfront';
import { config } from './dependencies';

export const invalidate = config.distributionId ? cloudFrontInvalidator(config.distributionId) : noInvalidation;

// Where export files are kept: the exports bucket, named in the environment of the two functions that
// touch it (the export worker writes, the exports function presigns). Locally, the local S3 server.
import type { ExportFiles } from '../../shared/exports/export';
import { exportsS3Client, s3ExportFiles } from '../../shared/exports/s3';
import { config } from './dependencies';

if (!config.exportsBucket) throw new Error('Missing environment variables: EXPORTS_BUCKET');

export const exportFiles: ExportFiles = s3ExportFiles(config.exportsBucket, exportsS3Client());

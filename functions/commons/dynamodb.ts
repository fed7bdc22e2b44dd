// The container's one DynamoDB client. The scan function sends its GetItem on it directly; the
// other functions wrap it in the document client, which shares its configuration and middleware.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const dynamoDb = new DynamoDBClient({});

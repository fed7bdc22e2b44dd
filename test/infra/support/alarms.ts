// Reading the alarms of a synthesized template.
import type { Template } from 'aws-cdk-lib/assertions';

/** The properties of every alarm of a template. */
export const alarmsOf = (template: Template) =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Record<string, any>);

/** The alarm of a template named `VillageDirect-{stage}-{suffix}`. */
export const alarmNamed = (template: Template, stage: string, suffix: string) =>
  alarmsOf(template).find((a) => a.AlarmName === `VillageDirect-${stage}-${suffix}`)!;

/** A metric-math alarm's inputs, each as its id, `namespace name stat period`, and its dimensions. */
export const metricInputs = (alarm: Record<string, any>) =>
  (alarm.Metrics as Record<string, any>[])
    .filter((m) => m.MetricStat)
    .map((m) => ({
      id: m.Id,
      metric: `${m.MetricStat.Metric.Namespace} ${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Period}`,
      dimensions: Object.fromEntries((m.MetricStat.Metric.Dimensions as { Name: string; Value: unknown }[]).map((d) => [d.Name, d.Value])),
    }));

import { BarChart as Bars } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { BAR_COLOUR } from './bar-colour';

// Only what the dashboards draw, so the chart chunk stays small; SVG keeps every bar in the DOM.
echarts.use([Bars, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

/** One bar per category; values are decimal strings, drawn as numbers (a chart is allowed to round). */
export function BarChart({ label, categories, values, testId }: { label: string; categories: string[]; values: string[]; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: true, label: { description: label } },
      grid: { left: 80, right: 16, top: 16, bottom: 60 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', name: label, data: values.map(Number), animation: false, itemStyle: { color: BAR_COLOUR } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [label, categories, values]);
  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ height: 320 }} />;
}

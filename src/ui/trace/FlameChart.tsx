import { useEffect, useMemo, useRef, useState } from 'react';
import type { CallTreeOverview } from '../../worker-vm/session/views';
import { compactGas } from '../format';
import { icicleLayout } from './icicle';

const ROW = 20;

/** Colours by depth; failed calls in red. Read from CSS so both themes look right. */
function palette(element: HTMLElement) {
  const style = getComputedStyle(element);
  return {
    fills: [1, 2, 3, 4].map((i) => style.getPropertyValue(`--flame-${i}`).trim() || '#5b8def'),
    failed: style.getPropertyValue('--bad').trim() || '#f85149',
    inclusion: style.getPropertyValue('--flame-inclusion').trim() || '#888',
    text: style.getPropertyValue('--flame-text').trim() || '#000',
    selected: style.getPropertyValue('--accent').trim() || '#0a84ff',
  };
}

/**
 * An icicle chart of the call tree by gas, drawn on a canvas (a message may have many calls): width is
 * gas, depth goes down. Click a box to select its call.
 */
export function FlameChart({
  overview,
  selected,
  onSelect,
}: {
  overview: CallTreeOverview;
  selected: number | null;
  onSelect(id: number): void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(600);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const rects = useMemo(() => icicleLayout(overview, 0.5 / Math.max(width, 1)), [overview, width]);
  const maxDepth = rects.reduce((max, r) => Math.max(max, r.depth), 0);
  const height = (maxDepth + 1) * ROW;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.max(100, Math.floor(entry!.contentRect.width))),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = width * ratio;
    element.height = height * ratio;
    const context = element.getContext('2d');
    if (!context) return;
    context.scale(ratio, ratio);
    context.clearRect(0, 0, width, height);
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'middle';
    const colors = palette(element);
    for (const rect of rects) {
      const x = rect.x * width;
      const w = Math.max(1, rect.width * width - 1);
      const y = rect.depth * ROW;
      const failed = rect.id >= 0 && overview.exitCode[rect.id] !== 0;
      context.fillStyle =
        rect.id < 0
          ? colors.inclusion
          : failed
            ? colors.failed
            : colors.fills[rect.depth % colors.fills.length]!;
      context.fillRect(x, y, w, ROW - 1);
      if (rect.id === selected) {
        context.strokeStyle = colors.selected;
        context.lineWidth = 2;
        context.strokeRect(x + 1, y + 1, w - 2, ROW - 3);
      }
      if (w > 30) {
        const label = rect.id < 0 ? 'inclusion (OnChainMessage)' : overview.labels[rect.id]!;
        const gas = rect.id < 0 ? overview.preCallGas : overview.inclusiveGas[rect.id]!;
        context.fillStyle = colors.text;
        context.save();
        context.beginPath();
        context.rect(x, y, w - 2, ROW);
        context.clip();
        context.fillText(`${label} · ${compactGas(gas / 1000)}`, x + 4, y + ROW / 2);
        context.restore();
      }
    }
  }, [rects, width, height, selected, overview]);

  const hit = (event: React.MouseEvent) => {
    const box = canvas.current!.getBoundingClientRect();
    const fx = (event.clientX - box.left) / width;
    const depth = Math.floor((event.clientY - box.top) / ROW);
    return rects.find((r) => r.depth === depth && fx >= r.x && fx < r.x + r.width);
  };

  return (
    <div ref={host} className="flame" data-testid="flame-chart">
      <canvas
        ref={canvas}
        style={{ width, height }}
        aria-label="Gas by call (icicle chart)"
        onClick={(e) => {
          const rect = hit(e);
          if (rect && rect.id >= 0) onSelect(rect.id);
        }}
        onMouseMove={(e) => {
          const rect = hit(e);
          if (!rect) return setHover(null);
          const gas = rect.id < 0 ? overview.preCallGas : overview.inclusiveGas[rect.id]!;
          const total = overview.preCallGas + (overview.inclusiveGas[0] ?? 0);
          const label = rect.id < 0 ? 'inclusion (OnChainMessage)' : overview.labels[rect.id]!;
          setHover({
            text: `${label}: ${Math.round(gas / 1000).toLocaleString('en-US')} gas (${((100 * gas) / total).toFixed(1)}%)`,
            x: e.nativeEvent.offsetX,
            y: e.nativeEvent.offsetY,
          });
        }}
        onMouseLeave={() => setHover(null)}
      />
      {hover && (
        <div className="flame-tip" style={{ left: Math.min(hover.x + 12, width - 260), top: hover.y + 14 }}>
          {hover.text}
        </div>
      )}
    </div>
  );
}

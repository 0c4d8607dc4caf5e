package io.modelfleet.report;

import static io.modelfleet.report.Html.esc;
import static io.modelfleet.report.Html.xy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One SVG chart over evenly spaced x positions (hours or days): value bands, lines, points, bars and
 * horizontal reference lines, with a y axis that covers everything drawn. Drawn by hand rather than by a
 * charting script so the page needs no script at all, prints as vectors and stays small.
 */
final class Chart {
    static final int WIDTH = 960;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int BOTTOM = 24;

    private final String title;
    private final int height;
    private final int positions;
    private final List<String> xTicks;
    private final List<Layer> layers = new ArrayList<>();
    private double yMin = Double.POSITIVE_INFINITY;
    private double yMax = Double.NEGATIVE_INFINITY;

    /** A drawing step that knows its values, so the axis can cover them before anything is drawn. */
    private interface Layer {
        void draw(StringBuilder svg, Chart chart);
    }

    /**
     * @param xTicks a label per position, or null where none is drawn
     */
    Chart(String title, int height, List<String> xTicks) {
        this.title = title;
        this.height = height;
        this.positions = xTicks.size();
        this.xTicks = xTicks;
    }

    Chart include(double value) {
        if (Double.isFinite(value)) {
            yMin = Math.min(yMin, value);
            yMax = Math.max(yMax, value);
        }
        return this;
    }

    private void include(Double[] values) {
        for (Double v : values) {
            if (v != null) {
                include(v);
            }
        }
    }

    /** A shaded interval, broken where either end is missing. */
    Chart band(Double[] lo, Double[] hi, String cssClass) {
        include(lo);
        include(hi);
        layers.add((svg, c) -> {
            for (int[] run : runs(lo, hi)) {
                StringBuilder points = new StringBuilder();
                for (int i = run[0]; i < run[1]; i++) {
                    points.append(xy(c.x(i))).append(',').append(xy(c.y(hi[i]))).append(' ');
                }
                for (int i = run[1] - 1; i >= run[0]; i--) {
                    points.append(xy(c.x(i))).append(',').append(xy(c.y(lo[i]))).append(' ');
                }
                svg.append("<polygon class=\"")
                        .append(cssClass)
                        .append("\" points=\"")
                        .append(points.toString().trim())
                        .append("\"/>");
            }
        });
        return this;
    }

    /** A line through the values, broken where one is missing. */
    Chart line(Double[] values, String cssClass, String name) {
        include(values);
        layers.add((svg, c) -> {
            for (int[] run : runs(values, values)) {
                StringBuilder d = new StringBuilder();
                for (int i = run[0]; i < run[1]; i++) {
                    d.append(i == run[0] ? 'M' : 'L')
                            .append(xy(c.x(i)))
                            .append(',')
                            .append(xy(c.y(values[i])));
                }
                if (run[1] - run[0] == 1) {
                    svg.append("<circle class=\"")
                            .append(cssClass)
                            .append("\" cx=\"")
                            .append(xy(c.x(run[0])))
                            .append("\" cy=\"")
                            .append(xy(c.y(values[run[0]])))
                            .append("\" r=\"2.5\">")
                            .append("<title>")
                            .append(esc(name))
                            .append("</title></circle>");
                } else {
                    svg.append("<path class=\"")
                            .append(cssClass)
                            .append("\" d=\"")
                            .append(d)
                            .append("\">")
                            .append("<title>")
                            .append(esc(name))
                            .append("</title></path>");
                }
            }
        });
        return this;
    }

    /** One marker per value, classed (e.g. by status) and titled for the hover. */
    Chart points(Double[] values, String[] cssClasses, String[] titles) {
        include(values);
        layers.add((svg, c) -> {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    svg.append("<circle class=\"")
                            .append(cssClasses[i])
                            .append("\" cx=\"")
                            .append(xy(c.x(i)))
                            .append("\" cy=\"")
                            .append(xy(c.y(values[i])))
                            .append("\" r=\"2.2\"><title>")
                            .append(esc(titles[i]))
                            .append("</title></circle>");
                }
            }
        });
        return this;
    }

    /** Stacked bars from zero; each series is one colour. */
    Chart stackedBars(List<double[]> series, List<String> cssClasses, String[] titles) {
        include(0);
        for (int i = 0; i < positions; i++) {
            double total = 0;
            for (double[] s : series) {
                total += s[i];
            }
            include(total);
        }
        layers.add((svg, c) -> {
            double slot = c.plotWidth() / Math.max(1, positions);
            double barWidth = Math.max(0.8, slot * 0.8);
            for (int i = 0; i < positions; i++) {
                double base = 0;
                svg.append("<g><title>").append(esc(titles[i])).append("</title>");
                for (int k = 0; k < series.size(); k++) {
                    double v = series.get(k)[i];
                    if (v > 0) {
                        double top = c.y(base + v);
                        svg.append("<rect class=\"")
                                .append(cssClasses.get(k))
                                .append("\" x=\"")
                                .append(xy(c.x(i) - barWidth / 2))
                                .append("\" y=\"")
                                .append(xy(top))
                                .append("\" width=\"")
                                .append(xy(barWidth))
                                .append("\" height=\"")
                                .append(xy(Math.max(0.5, c.y(base) - top)))
                                .append("\"/>");
                    }
                    base += v;
                }
                svg.append("</g>");
            }
        });
        return this;
    }

    /** A horizontal reference line across the plot (a threshold), labelled at its right end. */
    Chart rule(double value, String cssClass, String label) {
        include(value);
        layers.add((svg, c) -> {
            double y = c.y(value);
            svg.append("<line class=\"")
                    .append(cssClass)
                    .append("\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(xy(y))
                    .append("\" y2=\"")
                    .append(xy(y))
                    .append("\"/><text class=\"rule-label\" x=\"")
                    .append(WIDTH - RIGHT - 2)
                    .append("\" y=\"")
                    .append(xy(y - 3))
                    .append("\" text-anchor=\"end\">")
                    .append(esc(label))
                    .append("</text>");
        });
        return this;
    }

    String svg() {
        if (!(yMin <= yMax)) {
            yMin = 0;
            yMax = 1;
        }
        if (yMax - yMin < 1e-9) {
            double pad = Math.max(Math.abs(yMax) * 0.05, 0.01);
            yMin -= pad;
            yMax += pad;
        } else {
            double pad = (yMax - yMin) * 0.06;
            yMin = yMin >= 0 && yMin - pad < 0 ? 0 : yMin - pad;
            yMax += pad;
        }
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(title))
                .append("\"><title>")
                .append(esc(title))
                .append("</title>");
        axes(svg);
        for (Layer layer : layers) {
            layer.draw(svg, this);
        }
        return svg.append("</svg>").toString();
    }

    private void axes(StringBuilder svg) {
        double step = niceStep((yMax - yMin) / 4);
        svg.append("<g class=\"axis\">");
        for (double t = Math.ceil(yMin / step) * step; t <= yMax + step * 1e-9; t += step) {
            double y = y(t);
            svg.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(xy(y))
                    .append("\" y2=\"")
                    .append(xy(y))
                    .append("\"/>")
                    .append("<text x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(xy(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(tick(t, step))
                    .append("</text>");
        }
        for (int i = 0; i < positions; i++) {
            String label = xTicks.get(i);
            if (label != null) {
                double x = x(i);
                svg.append("<line class=\"grid\" x1=\"")
                        .append(xy(x))
                        .append("\" x2=\"")
                        .append(xy(x))
                        .append("\" y1=\"")
                        .append(TOP)
                        .append("\" y2=\"")
                        .append(height - BOTTOM)
                        .append("\"/>")
                        .append("<text x=\"")
                        .append(xy(x + 3))
                        .append("\" y=\"")
                        .append(height - 8)
                        .append("\">")
                        .append(esc(label))
                        .append("</text>");
            }
        }
        svg.append("</g>");
    }

    private static String tick(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", value);
    }

    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / power;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * power;
    }

    private double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    double x(int position) {
        if (positions <= 1) {
            return LEFT + plotWidth() / 2;
        }
        double slot = plotWidth() / positions;
        return LEFT + slot / 2 + position * slot;
    }

    double y(double value) {
        double plotHeight = height - TOP - BOTTOM;
        return TOP + (yMax - value) / (yMax - yMin) * plotHeight;
    }

    /** Index ranges [start, end) where both arrays hold values. */
    private static List<int[]> runs(Double[] a, Double[] b) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= a.length; i++) {
            boolean present = i < a.length && a[i] != null && b[i] != null;
            if (present && start < 0) {
                start = i;
            } else if (!present && start >= 0) {
                out.add(new int[] {start, i});
                start = -1;
            }
        }
        return out;
    }
}

package io.modelfleet.cli.render;

/**
 * GitHub Actions workflow commands ({@code ::error file=…,line=…::message}), escaped as the
 * runner reads them.
 */
public final class GithubAnnotations {
    private GithubAnnotations() {}

    /** One annotation line: {@code level} is {@code error}, {@code warning} or {@code notice}. */
    public static String line(String level, String file, int line, int column, String title, String message) {
        return "::" + level + " file=" + escapeProperty(file) + ",line=" + line + ",col=" + column + ",title="
                + escapeProperty(title) + "::" + escapeData(message);
    }

    /** Escapes workflow-command data (the message). */
    public static String escapeData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes workflow-command properties (file, title). */
    public static String escapeProperty(String value) {
        return escapeData(value).replace(":", "%3A").replace(",", "%2C");
    }
}

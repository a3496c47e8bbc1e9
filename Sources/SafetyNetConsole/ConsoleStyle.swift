/// The console's one stylesheet, served as `/console.css`: made for a 360-pixel phone first,
/// wider screens get more room; risk levels are coloured and always written out too; pages print
/// without the navigation.
public enum ConsoleStyle {
    /// The stylesheet's text.
    public static let css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #0b57d0; --bg: #f6f8fa;
                --red: #b3261e; --yellow: #8a6100; --yellow-bg: #fff4ce; --blue: #0b57d0; --green: #1e7b34; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: var(--ink);
               background: var(--bg); font-size: 16px; line-height: 1.5; }
        a { color: var(--accent); }
        a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
        .bar { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; padding: 8px 12px; background: #123a6b; color: #fff; }
        .bar a { color: #fff; }
        .brand { font-weight: 700; text-decoration: none; margin-right: auto; }
        .bar nav a { padding: 4px 6px; }
        .bar nav a[aria-current="page"] { border-bottom: 2px solid #fff; }
        .who { display: flex; gap: 8px; align-items: center; font-size: 14px; }
        .who form { margin: 0; }
        .who button { padding: 2px 10px; }
        main { max-width: 1080px; margin: 0 auto; padding: 12px; }
        h1 { font-size: 22px; margin: 8px 0 12px; }
        h2 { font-size: 18px; margin: 20px 0 8px; }
        h2 small { font-weight: 400; color: var(--muted); font-size: 14px; }
        .meta { color: var(--muted); font-size: 14px; }
        .empty { color: var(--muted); }
        .notice { max-width: 1080px; margin: 8px auto 0; padding: 8px 12px; background: #e6f4ea; border-left: 4px solid var(--green); }
        .live { max-width: 1080px; margin: 8px auto 0; padding: 8px 12px; background: #fff4e0; border-left: 4px solid #b26a00; }
        .live[hidden] { display: none; }
        .problem { padding: 8px 12px; background: #fdecea; border-left: 4px solid var(--red); color: var(--red); }
        .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
        .card { display: flex; flex-direction: column; gap: 2px; padding: 10px 12px; background: #fff; border: 1px solid var(--line);
                border-radius: 6px; }
        .card > a { font-weight: 600; font-size: 17px; }
        .card.overdue { border-left: 5px solid var(--red); }
        .card.overdue .due { color: var(--red); font-weight: 700; }
        .risk { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 14px; font-weight: 700; color: #fff; }
        .risk-red { background: var(--red); }
        .risk-yellow { background: var(--yellow-bg); color: var(--yellow); border: 1px solid var(--yellow); }
        .risk-blue { background: var(--blue); }
        .risk-green { background: var(--green); }
        .risk-none { background: #fff; color: var(--muted); border: 1px solid var(--line); }
        .panel { display: grid; gap: 6px; padding: 12px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        label { font-weight: 600; }
        input, textarea, button, select { font: inherit; }
        input:not([type=radio]):not([type=checkbox]), textarea, select { width: 100%; padding: 8px; border: 1px solid #8c959f;
                                                                        border-radius: 4px; background: #fff; }
        fieldset { border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; }
        legend { font-weight: 600; }
        .choice { display: inline-block; font-weight: 400; margin: 4px 14px 4px 0; min-height: 32px; }
        button[type=submit] { padding: 10px 16px; background: var(--accent); color: #fff; border: 0; border-radius: 4px; }
        .who button[type=submit] { padding: 2px 10px; background: #fff; color: #123a6b; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
        th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; white-space: nowrap; }
        th { background: #eef1f4; }
        td.overdue { color: var(--red); font-weight: 700; }
        .chain { list-style: none; margin: 0; padding: 0; border-left: 3px solid var(--line); }
        .chain li { margin: 0 0 10px; padding: 0 0 0 12px; }
        .chain li .meta { display: block; }
        .chain .step-discovery strong { color: var(--red); }
        .chain .step-supervision strong { color: var(--yellow); }
        .state { font-weight: 700; padding: 0 6px; border-radius: 4px; }
        .state-on { color: var(--green); border: 1px solid var(--green); }
        .state-off { color: var(--muted); border: 1px dashed var(--muted); }
        form.inline { display: grid; gap: 4px; margin-top: 6px; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; background: #fff; padding: 10px 12px;
                 border: 1px solid var(--line); border-radius: 6px; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; }
        .tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 8px; border-bottom: 1px solid var(--line); }
        .tabs a { padding: 6px 12px; text-decoration: none; border-radius: 4px 4px 0 0; }
        .tabs a[aria-current="page"] { background: #fff; border: 1px solid var(--line); border-bottom-color: #fff; margin-bottom: -1px;
                                       font-weight: 700; color: var(--ink); }
        .filters a { margin-right: 8px; }
        .filters a[aria-current="true"] { font-weight: 700; color: var(--ink); text-decoration: none; }
        .filters a[aria-current="true"]::before { content: "✓ "; }
        .chart { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin-bottom: 8px; }
        .chart svg { display: block; max-width: none; }
        form.filters { grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); align-items: end; gap: 8px 12px; }
        form.filters .field { display: grid; gap: 4px; }
        td.details { white-space: pre-wrap; word-break: break-all; min-width: 240px; font-family: monospace; font-size: 12px; }
        .verified { padding: 8px 12px; background: #e6f4ea; border-left: 4px solid var(--green); display: block; }
        tr.disabled td, tr.disabled th { color: var(--muted); }
        details.account { margin: 6px 0; }
        .account-forms { display: grid; gap: 8px; margin: 6px 0 12px; }
        @media (min-width: 760px) { .account-forms { grid-template-columns: 1fr 1fr; } }
        .months { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); }
        table.month { font-size: 13px; }
        table.month caption { font-weight: 700; text-align: left; padding: 4px 0; }
        table.month td, table.month th { text-align: center; padding: 3px 2px; }
        table.month td small { display: block; font-size: 10px; font-weight: 700; }
        table.month td.weekend { color: var(--muted); background: #f6f8fa; }
        table.month td.holiday, .legend.holiday { color: var(--red); background: #fdecea; }
        table.month td.work, .legend.work { color: var(--blue); background: #e8f0fe; }
        table.month td.today { outline: 2px solid var(--ink); }
        .legend { padding: 0 4px; border-radius: 3px; font-weight: 700; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .settings-group th small { display: block; font-weight: 400; }
        .settings-group th { white-space: normal; min-width: 200px; }
        tr.changed td:nth-child(2) { font-weight: 700; color: var(--blue); }
        tr.at-fault th, tr.at-fault td { background: #fdecea; }
        .settings-group input:not([type=checkbox]) { width: 8em; }
        .notice-sheet { background: #fff; padding: 16px; border: 1px solid var(--line); }
        .notice-sheet h1 { text-align: center; }
        .stages .line strong { font-size: 22px; }
        .pager { display: flex; gap: 16px; margin: 12px 0; }
        .urgent { font-weight: 700; color: #fff; background: var(--red); padding: 0 6px; border-radius: 4px; }
        .item { margin: 16px 0; padding: 12px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        .item h2 { margin-top: 0; }
        .item .panel { margin-top: 10px; }
        .item h3 { font-size: 16px; margin: 0; }
        table.limits { margin: 8px 0; }
        table.limits tr.overdue td { color: var(--red); font-weight: 700; }
        .missing { margin: 0 0 0 8px; }
        details > summary { cursor: pointer; }
        details > summary h2 { display: inline; }
        details.reject { margin-top: 12px; }
        details.reject summary { color: var(--red); font-weight: 600; }
        details.reject form { display: grid; gap: 6px; margin-top: 6px; }
        button.secondary[type=submit] { background: #fff; color: var(--red); border: 1px solid var(--red); }
        body.signin main { max-width: 400px; padding-top: 12vh; }
        body.signin .lead { color: var(--muted); margin-top: -8px; }
        @media (min-width: 760px) { .cards { grid-template-columns: repeat(2, 1fr); } .cards.stages { grid-template-columns: repeat(4, 1fr); } }
        @media print { .bar, form, .notice, p.filters { display: none; } body { background: #fff; } details { display: block; }
                        .notice-sheet { border: 0; padding: 0; } }
        """

    /// The console's icon, served as `/favicon.svg`: a white cross on the header's blue.
    public static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#123a6b"/>\
        <path d="M13 6h6v7h7v6h-7v7h-6v-7H6v-6h7z" fill="#fff"/></svg>
        """
}

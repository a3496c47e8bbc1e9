/// The console's Mustache templates, kept in the binary so that the server needs no files beside
/// it. `layout` frames every signed-in page; the others fill its blocks.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "risk": risk, "signin": signIn, "error": error, "workbench": workbench, "household": household, "modules": modules,
        "referralLine": referralLine,
        "referrals": referrals, "referral": referral,
        "visitFields": visitFields, "alert": alert, "overdue": overdue,
    ]

    static let layout = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}{{/title}} · 社会救助综合平台</title>
        <link rel="stylesheet" href="/console.css">
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        </head>
        <body class="{{$page}}page{{/page}}">
        {{#frame}}
        <header class="bar">
          <a class="brand" href="/">社会救助综合平台</a>
          <nav aria-label="主导航">{{#links}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/links}}</nav>
          <div class="who">
            <span>{{userName}} · {{roleName}}</span>
            <form method="post" action="/signout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">退出</button></form>
          </div>
        </header>
        {{#notice}}<p class="notice" role="status">{{.}}</p>{{/notice}}
        {{/frame}}
        <main>
        {{$main}}{{/main}}
        </main>
        </body>
        </html>
        """

    static let risk = #"<span class="risk risk-{{code}}">{{name}}</span>"#

    static let signIn = """
        {{<layout}}
        {{$title}}登录{{/title}}
        {{$page}}signin{{/page}}
        {{$main}}
        <h1>社会救助综合平台</h1>
        <p class="lead">困难群众主动发现、及时救助</p>
        <form method="post" action="/signin" class="panel">
          {{#error}}<p class="problem" role="alert" id="signin-problem">{{.}}</p>{{/error}}
          <input type="hidden" name="csrf" value="{{csrf}}">
          <label for="login">账号</label>
          <input id="login" name="login" value="{{login}}" autocomplete="username" required maxlength="40" autofocus>
          <label for="password">密码</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
          <button type="submit">登录</button>
        </form>
        {{/main}}
        {{/layout}}
        """

    static let error = """
        {{<layout}}
        {{$title}}{{title}}{{/title}}
        {{$main}}
        <h1>{{title}}</h1>
        <p class="problem" role="alert">{{message}}</p>
        <p><a href="/">返回工作台</a></p>
        {{/main}}
        {{/layout}}
        """

    static let workbench = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>工作台</h1>
        {{#showsVisits}}
        <section aria-labelledby="visits-heading" id="visits">
          <h2 id="visits-heading">待走访 <small>七日内到期 {{visitCount}} 户，其中逾期 {{overdueVisits}} 户</small></h2>
          {{#hasVisits}}<ul class="cards">{{/hasVisits}}
          {{#visits}}
            <li class="card{{#overdue}} overdue{{/overdue}}">
              <a href="{{href}}">{{address}}</a>
              <span class="line">{{#risk}}{{>risk}}{{/risk}} <span class="due">{{due}}</span></span>
              <span class="meta">{{reasons}} · 上次走访 {{lastVisit}}</span>
            </li>
          {{/visits}}
          {{#hasVisits}}</ul>{{/hasVisits}}
          {{^visits}}<p class="empty">七日内没有到期的走访。</p>{{/visits}}
        </section>
        {{/showsVisits}}
        {{#showsAlerts}}
        <section aria-labelledby="alerts-heading" id="alerts">
          <h2 id="alerts-heading">待核实预警 <small>{{alertCount}} 条</small></h2>
          {{#hasAlerts}}<ul class="cards">{{/hasAlerts}}
          {{#alerts}}
            <li class="card{{#overdue}} overdue{{/overdue}}">
              <a href="{{href}}">{{ruleName}}</a>
              <span class="line">{{#level}}{{>risk}}{{/level}}{{#amount}} <span>{{.}}</span>{{/amount}}</span>
              <span class="meta">发出于 {{raisedAt}}{{#verifyBy}} · 核实时限 {{.}}{{/verifyBy}}</span>
            </li>
          {{/alerts}}
          {{#hasAlerts}}</ul>{{/hasAlerts}}
          {{^alerts}}<p class="empty">没有待核实的预警。</p>{{/alerts}}
        </section>
        {{/showsAlerts}}
        {{#truncated}}<p class="meta">每个列表只列出最紧急的前 {{.}} 项。</p>{{/truncated}}
        {{^showsVisits}}{{^showsAlerts}}
        <p class="empty">您的角色的工作页面（受理审批、转办答复、统计监督、系统管理）将陆续提供；目前请通过接口办理，接口说明见 <a href="/openapi.json">/openapi.json</a>。</p>
        {{/showsAlerts}}{{/showsVisits}}
        {{/main}}
        {{/layout}}
        """

    static let household = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>{{address}}</h1>
        <p class="meta">网格 {{gridCode}}{{#closed}} · 已注销{{/closed}}</p>
        <section aria-labelledby="ledger-heading">
          <h2 id="ledger-heading">监测台账</h2>
          {{#ledger}}<p>{{#risk}}{{>risk}}{{/risk}} {{categories}} · {{since}}纳入 · {{reason}}</p>{{/ledger}}
          {{^ledger}}<p class="empty">未纳入动态监测。</p>{{/ledger}}
        </section>
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">家庭成员</h2>
          <div class="scroll"><table>
            <thead><tr><th scope="col">姓名</th><th scope="col">关系</th><th scope="col">性别</th><th scope="col">出生日期</th><th scope="col">身份证号</th><th scope="col">电话</th><th scope="col">备注</th></tr></thead>
            <tbody>
            {{#members}}<tr><td>{{name}}</td><td>{{relation}}</td><td>{{sex}}</td><td>{{birthDate}}</td><td>{{idNumber}}</td><td>{{phone}}</td><td>{{notes}}</td></tr>{{/members}}
            </tbody>
          </table></div>
        </section>
        {{#canRecordVisit}}
        <section aria-labelledby="visit-heading">
          <h2 id="visit-heading">记录走访</h2>
          <form method="post" action="/households/{{householdID}}/visits" class="panel" id="visit-form">
            {{#visit}}{{>visitFields}}{{/visit}}
            <button type="submit">保存走访记录</button>
          </form>
        </section>
        {{/canRecordVisit}}
        {{#canSendReferral}}
        <section aria-labelledby="referral-heading">
          <h2 id="referral-heading">转办需求</h2>
          <form method="post" action="/households/{{householdID}}/referrals" class="panel" id="referral-form">
            {{#referralProblem}}<p class="problem" role="alert" id="referral-problem">{{.}}</p>{{/referralProblem}}
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            {{#referralVisitID}}<input type="hidden" name="visitID" value="{{.}}"><p class="meta">来自刚才的走访</p>{{/referralVisitID}}
            <label for="referral-need">需求</label>
            <select id="referral-need" name="need" required>
              <option value="">请选择</option>
              {{#referralNeeds}}<option value="{{value}}"{{#checked}} selected{{/checked}}>{{label}}</option>{{/referralNeeds}}
            </select>
            <label for="referral-module">转至</label>
            <select id="referral-module" name="module">
              {{#referralDepartments}}<option value="{{value}}"{{#checked}} selected{{/checked}}>{{label}}</option>{{/referralDepartments}}
            </select>
            <label for="referral-description">情况说明</label>
            <textarea id="referral-description" name="description" rows="3" required maxlength="2000">{{referralDescription}}</textarea>
            <button type="submit">转办</button>
          </form>
        </section>
        {{/canSendReferral}}
        <section aria-labelledby="chain-heading">
          <h2 id="chain-heading">救助链</h2>
          <ol class="chain" id="chain">
          {{#steps}}<li class="step-{{stageCode}}"><span class="meta">{{at}} · {{stage}} · {{actor}}{{#department}} · {{.}}{{/department}}</span><strong>{{kind}}</strong> {{summary}}</li>{{/steps}}
          </ol>
          {{^steps}}<p class="empty">还没有记录。</p>{{/steps}}
        </section>
        {{/main}}
        {{/layout}}
        """

    static let modules = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>部门模块</h1>
        <p class="meta">停用的模块不再受理新的申请和转办，已有数据和在办事项保留；启用时先完成其数据库迁移。每次启用或停用都记入审计日志，所有服务器即时生效。</p>
        {{#problem}}<p class="problem" role="alert" id="modules-problem">{{.}}</p>{{/problem}}
        <ul class="cards" id="modules">
        {{#entries}}
          <li class="card" id="module-{{id}}">
            <span class="line"><strong>{{name}}</strong> <span class="state state-{{#enabled}}on{{/enabled}}{{^enabled}}off{{/enabled}}">{{state}}</span></span>
            <span class="meta">{{id}} · 版本 {{version}}{{#pendingMigrations}} · 待迁移 {{.}} 步{{/pendingMigrations}}</span>
            <span class="meta">{{openWork}}</span>
            <form method="post" action="/admin/modules/{{id}}" class="inline">
              <input type="hidden" name="csrf" value="{{frame.csrf}}">
              <input type="hidden" name="action" value="{{action}}">
              <label for="note-{{id}}">说明（记入审计日志）</label>
              <input id="note-{{id}}" name="note" maxlength="{{noteLimit}}">
              <button type="submit">{{actionLabel}}</button>
            </form>
          </li>
        {{/entries}}
        </ul>
        {{/main}}
        {{/layout}}
        """

    static let referralLine = """
        <li class="card{{#overdue}} overdue{{/overdue}}">
          <a href="{{href}}">{{need}}：{{description}}</a>
          <span class="line"><span class="state">{{state}}</span>{{#due}} <span class="due">{{.}}</span>{{/due}}</span>
          <span class="meta">转至 {{addressee}} · {{sent}}</span>
          {{#answer}}<span>{{.}}</span>{{/answer}}
        </li>
        """

    static let referrals = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>转办</h1>
        {{#showsInbox}}
        <section aria-labelledby="inbox-heading" id="inbox">
          <h2 id="inbox-heading">待答复</h2>
          <ul class="cards">{{#inbox}}{{>referralLine}}{{/inbox}}</ul>
          {{^inbox}}<p class="empty">没有待答复的转办。</p>{{/inbox}}
        </section>
        {{/showsInbox}}
        {{#showsSent}}
        <section aria-labelledby="sent-heading" id="sent">
          <h2 id="sent-heading">已发出</h2>
          <ul class="cards">{{#sent}}{{>referralLine}}{{/sent}}</ul>
          {{^sent}}<p class="empty">还没有发出转办。</p>{{/sent}}
        </section>
        {{/showsSent}}
        {{/main}}
        {{/layout}}
        """

    static let referral = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        {{#referral}}
        <h1>{{need}}</h1>
        <p>{{description}}</p>
        <p><span class="state">{{state}}</span>{{#due}} <span class="due{{#overdue}} overdue{{/overdue}}">{{.}}</span>{{/due}}</p>
        <p class="meta">转至 {{addressee}} · {{sent}}</p>
        {{#answer}}<p>{{.}}</p>{{/answer}}
        {{/referral}}
        {{#escalations}}<p class="meta">已逾期提级 {{.}} 次</p>{{/escalations}}
        <p><a href="{{householdHref}}">查看这户人家和救助链</a></p>
        {{#problem}}<p class="problem" role="alert" id="answer-problem">{{.}}</p>{{/problem}}
        {{#forms}}
        <form method="post" action="{{referral.href}}/{{action}}" class="panel answer" id="answer-{{action}}">
          <input type="hidden" name="csrf" value="{{frame.csrf}}">
          {{#textLabel}}<label for="text-{{action}}">{{.}}</label>
          <textarea id="text-{{action}}" name="text" rows="3" maxlength="1000"{{#textRequired}} required{{/textRequired}}>{{text}}</textarea>{{/textLabel}}
          {{#asksBasis}}<label for="basis-{{action}}">依据（政策或法规条款）</label>
          <input id="basis-{{action}}" name="basis" maxlength="500" required value="{{basis}}">{{/asksBasis}}
          <button type="submit">{{label}}</button>
        </form>
        {{/forms}}
        {{/main}}
        {{/layout}}
        """

    /// The fields of a visit form, inside a form that names where it goes.
    static let visitFields = """
        {{#problem}}<p class="problem" role="alert" id="visit-problem">{{.}}</p>{{/problem}}
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <fieldset><legend>方式</legend>
        {{#kinds}}<label class="choice"><input type="radio" name="kind" value="{{value}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/kinds}}
        </fieldset>
        <label for="visitedAt">走访时间</label>
        <input id="visitedAt" name="visitedAt" type="datetime-local" value="{{visitedAt}}" max="{{latestVisitAt}}" required>
        <label for="findings">走访情况</label>
        <textarea id="findings" name="findings" rows="4" required maxlength="2000">{{findings}}</textarea>
        <fieldset><legend>发现的需求（保存后可转办）</legend>
        {{#needs}}<label class="choice"><input type="checkbox" name="needs" value="{{value}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/needs}}
        </fieldset>
        """

    static let alert = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>{{ruleName}}</h1>
        <p>{{#level}}{{>risk}}{{/level}} <span class="state">{{status}}</span>{{#verifyBy}} <span class="due{{#overdue}} overdue{{/overdue}}">核实时限 {{.}}</span>{{/verifyBy}}</p>
        <p class="meta">发出于 {{raisedAt}}{{#year}} · {{.}}年度{{/year}}{{#amount}} · 金额 {{.}}{{/amount}}{{#threshold}}（预警线 {{.}}）{{/threshold}}</p>
        <p><a href="{{householdHref}}">查看这户人家和救助链</a></p>
        {{#hasFacts}}<h2>部门数据</h2>
        <dl class="facts">{{#facts}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/facts}}</dl>{{/hasFacts}}
        {{#verification}}<h2>核实情况</h2><p>{{.}}</p>{{/verification}}
        {{#decision}}<h2>处理结果</h2><p>{{.}}</p>{{/decision}}
        {{#canVerify}}
        <section aria-labelledby="verify-heading">
          <h2 id="verify-heading">入户核实</h2>
          <form method="post" action="/alerts/{{alertID}}/verification" class="panel" id="visit-form">
            {{#visit}}{{>visitFields}}{{/visit}}
            <button type="submit">保存核实情况</button>
          </form>
        </section>
        {{/canVerify}}
        {{/main}}
        {{/layout}}
        """

    static let overdue = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>超期清单 <small class="meta">{{count}} 项</small></h1>
        <p><a href="/overdue.csv" download>导出 CSV（可用 Excel 打开）</a></p>
        {{#hasRows}}
        <div class="scroll"><table id="overdue">
          <thead><tr><th scope="col">时限</th><th scope="col">到期时间</th><th scope="col">逾期</th><th scope="col">部门</th><th scope="col">网格</th><th scope="col">事项</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td>{{kind}}</td><td>{{dueAt}}</td><td class="overdue">{{overdue}}</td><td>{{department}}</td><td>{{gridCode}}</td><td><a href="{{href}}">{{subject}}</a></td></tr>{{/rows}}
          </tbody>
        </table></div>
        {{/hasRows}}
        {{^hasRows}}<p class="empty">没有超期未办的时限。</p>{{/hasRows}}
        {{/main}}
        {{/layout}}
        """
}

/// The console's Mustache templates, kept in the binary so that the server needs no files beside
/// it. `layout` frames every signed-in page; the others fill its blocks.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "risk": risk, "signin": signIn, "error": error, "workbench": workbench, "household": household, "modules": modules,
        "referralLine": referralLine, "option": option,
        "referrals": referrals, "referral": referral,
        "visitFields": visitFields, "alert": alert, "overdue": overdue, "cases": cases, "case": caseFile, "dashboard": dashboard, "users": users,
        "certificates": certificates,
        "audit": audit, "calendar": calendar, "settings": settings, "publication": publication,
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
        {{#liveUpdates}}
        <p id="live" class="live" role="status" aria-live="polite" data-kinds="{{$liveKinds}}{{/liveKinds}}" data-household="{{$liveHousehold}}{{/liveHousehold}}" data-case="{{$liveCase}}{{/liveCase}}" data-after="{{after}}" hidden><span class="live-text">本页内容有更新</span> <a href="{{href}}">刷新页面</a></p>
        <script src="/console.js" defer></script>
        {{/liveUpdates}}
        {{/frame}}
        <main>
        {{$main}}{{/main}}
        </main>
        </body>
        </html>
        """

    /// One option of a select, chosen when `selected`.
    static let option = #"<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>"#

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
        {{$liveKinds}}alert visit case monitoring risk household deadline:item{{/liveKinds}}
        {{$main}}
        <h1>工作台</h1>
        {{#showsQueue}}
        <section aria-labelledby="queue-heading" id="queue-summary">
          <h2 id="queue-heading">受理审批</h2>
          <ul class="cards stages">
          {{#stages}}<li class="card{{#hasOverdue}} overdue{{/hasOverdue}}"><a href="{{href}}">{{name}}</a><span class="line"><strong>{{items}}</strong> 项{{#hasOverdue}} <span class="due">其中超过时限 {{overdue}} 项</span>{{/hasOverdue}}</span></li>{{/stages}}
          </ul>
        </section>
        {{/showsQueue}}
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
        {{#showsNothing}}
        <p class="empty">请从上方菜单进入您的工作页面。统计监督、用户和系统设置等页面将陆续提供；目前可通过接口办理，接口说明见 <a href="/openapi.json">/openapi.json</a>。</p>
        {{/showsNothing}}
        {{/main}}
        {{/layout}}
        """

    static let household = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$liveKinds}}alert visit referral case joint monitoring household risk deadline{{/liveKinds}}
        {{$liveHousehold}}{{householdID}}{{/liveHousehold}}
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
              {{#referralNeeds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/referralNeeds}}
            </select>
            <label for="referral-module">转至</label>
            <select id="referral-module" name="module">
              {{#referralDepartments}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/referralDepartments}}
            </select>
            <label for="referral-description">情况说明</label>
            <textarea id="referral-description" name="description" rows="3" required maxlength="2000">{{referralDescription}}</textarea>
            <button type="submit">转办</button>
          </form>
        </section>
        {{/canSendReferral}}
        {{#filing}}
        <section aria-labelledby="filing-heading">
          <details id="filing"{{#problem}} open{{/problem}}>
          <summary><h2 id="filing-heading">帮办代办：代为申请救助</h2></summary>
          <form method="post" action="/households/{{householdID}}/cases" class="panel" id="filing-form">
            {{#problem}}<p class="problem" role="alert" id="filing-problem">{{.}}</p>{{/problem}}
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <fieldset><legend>申请的救助（一次申请，分类审核认定）</legend>
            {{#types}}<label class="choice"><input type="checkbox" name="types" value="{{value}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/types}}
            </fieldset>
            <label for="filing-member">个人类救助为哪位成员申请</label>
            <select id="filing-member" name="personID"><option value="">（按户救助不选）</option>{{#members}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/members}}</select>
            <label for="filing-applicant">申请人</label>
            <select id="filing-applicant" name="applicant"><option value="">户主或家庭成员（未指定）</option>{{#applicants}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/applicants}}</select>
            <fieldset><legend>紧急程度</legend>
            {{#urgencies}}<label class="choice"><input type="radio" name="urgency" value="{{value}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/urgencies}}
            </fieldset>
            <label for="filing-description">困难情况</label>
            <textarea id="filing-description" name="description" rows="3" required maxlength="2000">{{description}}</textarea>
            <label for="filing-cost">申请救助的费用或损失（元，临时救助等填写）</label>
            <input id="filing-cost" name="cost" inputmode="decimal" value="{{cost}}">
            <label for="filing-medical">个人自付医疗费用（元，医疗救助填写）</label>
            <input id="filing-medical" name="medical" inputmode="decimal" value="{{medical}}">
            <button type="submit">代为提交申请</button>
          </form>
          </details>
        </section>
        {{/filing}}
        {{#showsApplications}}
        <section aria-labelledby="applications-heading">
          <h2 id="applications-heading">救助申请</h2>
          <ul class="cards" id="applications">{{#applications}}<li class="card"><a href="{{href}}">{{applied}} 申请</a><span class="meta">{{items}}</span></li>{{/applications}}</ul>
          {{^applications}}<p class="empty">还没有救助申请。</p>{{/applications}}
        </section>
        {{/showsApplications}}
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
        {{$liveKinds}}referral{{/liveKinds}}
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
          {{^sent}}<p class="empty">{{#newerHref}}这一页没有转办。{{/newerHref}}{{^newerHref}}还没有发出转办。{{/newerHref}}</p>{{/sent}}
          {{#pages}}<nav class="pager" aria-label="已发出的转办分页">{{#newerHref}}<a href="{{.}}" rel="prev" id="sent-newer">较新的转办</a> {{/newerHref}}{{#olderHref}}<a href="{{.}}" rel="next" id="sent-older">更早的转办</a>{{/olderHref}}</nav>{{/pages}}
        </section>
        {{/showsSent}}
        {{/main}}
        {{/layout}}
        """

    static let referral = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$liveKinds}}referral{{/liveKinds}}
        {{$liveHousehold}}{{householdID}}{{/liveHousehold}}
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
        {{#kinds}}<label class="choice"><input type="radio" name="kind" value="{{value}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/kinds}}
        </fieldset>
        <label for="visitedAt">走访时间</label>
        <input id="visitedAt" name="visitedAt" type="datetime-local" value="{{visitedAt}}" max="{{latestVisitAt}}" required>
        <label for="findings">走访情况</label>
        <textarea id="findings" name="findings" rows="4" required maxlength="2000">{{findings}}</textarea>
        <fieldset><legend>发现的需求（保存后可转办）</legend>
        {{#needs}}<label class="choice"><input type="checkbox" name="needs" value="{{value}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/needs}}
        </fieldset>
        """

    static let alert = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$liveKinds}}alert{{/liveKinds}}
        {{$liveHousehold}}{{householdID}}{{/liveHousehold}}
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

    static let cases = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$liveKinds}}case deadline:item{{/liveKinds}}
        {{$main}}
        <h1>受理审批 <small class="meta">{{range}}</small></h1>
        <nav class="tabs" aria-label="办理环节">{{#tabs}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/tabs}}</nav>
        <p class="filters">排序：{{#orders}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a> {{/orders}}
          {{#urgentToggle}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a>{{/urgentToggle}}
          <a href="{{csvHref}}" download>导出 CSV</a></p>
        {{#hasRows}}
        <ul class="cards" id="queue">
        {{#rows}}
          <li class="card{{#overdue}} overdue{{/overdue}}">
            <a href="{{href}}">{{typeName}}</a>
            <span class="line"><span class="state">{{state}}</span>{{#urgent}} <span class="urgent">急难</span>{{/urgent}}{{#forwarded}} <span class="state">已报区级</span>{{/forwarded}}{{#limit}} <span class="due">{{.}}</span>{{/limit}}{{#provisional}} <small>（节假日安排未公布，时限可能调整）</small>{{/provisional}}</span>
            <span class="meta"><a href="{{householdHref}}">{{address}}</a> · 申请于 {{applied}}</span>
          </li>
        {{/rows}}
        </ul>
        {{/hasRows}}
        {{^hasRows}}<p class="empty">{{emptyText}}</p>{{/hasRows}}
        <nav class="pager" aria-label="翻页">{{#previous}}<a href="{{.}}" rel="prev">上一页</a>{{/previous}} {{#next}}<a href="{{.}}" rel="next">下一页</a>{{/next}}</nav>
        {{/main}}
        {{/layout}}
        """

    static let caseFile = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$liveKinds}}case joint deadline:item{{/liveKinds}}
        {{$liveCase}}{{caseID}}{{/liveCase}}
        {{$main}}
        <h1>救助申请</h1>
        <p><a href="{{householdHref}}">{{address}}</a></p>
        <dl class="facts">
          <dt>申请</dt><dd>{{applied}}</dd>
          <dt>紧急程度</dt><dd>{{urgency}}</dd>
          <dt>困难情况</dt><dd>{{description}}</dd>
          {{#claim}}<dt>申请金额</dt><dd>{{.}}</dd>{{/claim}}
        </dl>
        {{#joint}}
        <section class="item" id="joint" aria-labelledby="joint-heading">
          <h2 id="joint-heading">一事一议 · {{lead}}牵头</h2>
          <p>{{reason}} <span class="meta">（{{opened}}启动）</span></p>
          <table class="limits">
            <thead><tr><th scope="col">部门</th><th scope="col">答复</th></tr></thead>
            <tbody>{{#contributions}}<tr><td>{{department}}</td><td>{{answer}}</td></tr>{{/contributions}}</tbody>
          </table>
          {{#conclusion}}<p>结论：{{.}}</p>{{/conclusion}}
          {{#jointProblem}}<p class="problem" role="alert" id="joint-problem">{{.}}</p>{{/jointProblem}}
          {{#answers}}
          <form method="post" action="/cases/{{caseID}}/joint/answer" class="panel" id="answer-{{module}}">
            <h3>{{department}}答复</h3>
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <input type="hidden" name="module" value="{{module}}">
            <label for="contribution-{{module}}">本部门的救助措施</label>
            <textarea id="contribution-{{module}}" name="contribution" rows="2" maxlength="1000" required>{{contribution}}</textarea>
            <label for="contribution-amount-{{module}}">救助金额（元；不出资的可不填）</label>
            <input id="contribution-amount-{{module}}" name="amount" inputmode="decimal" value="{{amount}}">
            <button type="submit">提交答复</button>
          </form>
          {{/answers}}
          {{#concluding}}
          <form method="post" action="/cases/{{caseID}}/joint/conclude" class="panel" id="joint-conclude">
            <h3>办结一事一议</h3>
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="joint-conclusion">结论（各部门救助措施的汇总和落实安排）</label>
            <textarea id="joint-conclusion" name="conclusion" rows="3" maxlength="2000" required>{{.}}</textarea>
            <button type="submit">办结</button>
          </form>
          {{/concluding}}
        </section>
        {{/joint}}
        {{#opening}}
        <section class="item" id="joint-opening" aria-labelledby="opening-heading">
          <details{{#openingProblem}} open{{/openingProblem}}>
          <summary><h2 id="opening-heading">启动一事一议（多部门联合救助）</h2></summary>
          <form method="post" action="/cases/{{caseID}}/joint/open" class="panel" id="joint-open">
            {{#openingProblem}}<p class="problem" role="alert" id="opening-problem">{{.}}</p>{{/openingProblem}}
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="joint-reason">启动理由（情况复杂或所需费用较大的原因）</label>
            <textarea id="joint-reason" name="reason" rows="2" maxlength="1000" required>{{reason}}</textarea>
            <fieldset><legend>请以下部门提出救助意见</legend>
            {{#departments}}<label class="choice"><input type="checkbox" name="department" value="{{value}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/departments}}
            </fieldset>
            <button type="submit">启动一事一议</button>
          </form>
          </details>
        </section>
        {{/opening}}
        {{#items}}
        <section class="item" id="item-{{id}}" aria-labelledby="heading-{{id}}">
          <h2 id="heading-{{id}}">{{typeName}}{{#member}} · {{.}}{{/member}}</h2>
          <p><span class="state">{{state}}</span>{{#urgent}} <span class="urgent">急难</span>{{/urgent}}{{#paid}} · 已发放 {{.}}{{/paid}}</p>
          {{#benefit}}<p>核定：{{.}}</p>{{/benefit}}
          {{#rejection}}<p>不予救助。{{.}}</p>{{/rejection}}
          {{#hasLimits}}
          <table class="limits">
            <thead><tr><th scope="col">时限</th><th scope="col">到期时间</th><th scope="col">情况</th></tr></thead>
            <tbody>
            {{#limits}}<tr{{#overdue}} class="overdue"{{/overdue}}><td>{{name}}</td><td>{{due}}{{#provisional}} <small>（节假日安排未公布，可能调整）</small>{{/provisional}}</td><td>{{standing}}</td></tr>{{/limits}}
            </tbody>
          </table>
          {{/hasLimits}}
          {{#limitsStartLater}}<p class="meta">受理后开始计算调查和审批时限。</p>{{/limitsStartLater}}
          {{#problem}}<p class="problem" role="alert" id="problem-{{id}}">{{.}}</p>{{/problem}}
          {{#steps}}
          <form method="post" action="/case-items/{{id}}/{{value}}" class="panel step" id="{{value}}-{{id}}">
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="note-{{value}}-{{id}}">备注（可不填）</label>
            <input id="note-{{value}}-{{id}}" name="note" maxlength="1000" value="{{note}}">
            <button type="submit">{{label}}</button>
          </form>
          {{/steps}}
          {{#findings}}
          <form method="post" action="/case-items/{{id}}/findings" class="panel" id="findings-{{id}}">
            <h3>入户调查意见</h3>
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            {{#members}}
            <fieldset class="member"><legend>{{name}}</legend>
              <label for="income-{{id}}-{{personID}}">月收入（元）</label>
              <input id="income-{{id}}-{{personID}}" name="income.{{personID}}" inputmode="decimal" value="{{income}}">
              <label for="work-{{id}}-{{personID}}">劳动能力</label>
              <select id="work-{{id}}-{{personID}}" name="work.{{personID}}"><option value="">未评估</option>{{#work}}{{>option}}{{/work}}</select>
              <label for="care-{{id}}-{{personID}}">生活自理能力</label>
              <select id="care-{{id}}-{{personID}}" name="care.{{personID}}"><option value="">未评估</option>{{#care}}{{>option}}{{/care}}</select>
              <label for="school-{{id}}-{{personID}}">在校情况</label>
              <select id="school-{{id}}-{{personID}}" name="school.{{personID}}"><option value="">不在校或未核实</option>{{#school}}{{>option}}{{/school}}</select>
              <label for="unemployed-{{id}}-{{personID}}">登记失业</label>
              <select id="unemployed-{{id}}-{{personID}}" name="unemployed.{{personID}}"><option value="">未核实</option>{{#unemployed}}{{>option}}{{/unemployed}}</select>
              <label for="supporter-{{id}}-{{personID}}">有赡养、抚养、扶养能力的义务人</label>
              <select id="supporter-{{id}}-{{personID}}" name="supporter.{{personID}}"><option value="">未核实</option>{{#supporter}}{{>option}}{{/supporter}}</select>
              <label for="parental-{{id}}-{{personID}}">儿童缺乏父母照料</label>
              <select id="parental-{{id}}-{{personID}}" name="parental.{{personID}}"><option value="">不适用或未核实</option>{{#parental}}{{>option}}{{/parental}}</select>
            </fieldset>
            {{/members}}
            <label for="assets-{{id}}">家庭金融资产（元）</label>
            <input id="assets-{{id}}" name="assets" inputmode="decimal" value="{{assets}}">
            <label for="vehicles-{{id}}">机动车（辆）</label>
            <input id="vehicles-{{id}}" name="vehicles" inputmode="numeric" value="{{vehicles}}">
            <label for="rigid-{{id}}">近12个月刚性支出（元）</label>
            <input id="rigid-{{id}}" name="rigid" inputmode="decimal" value="{{rigid}}">
            <label for="findings-note-{{id}}">调查情况</label>
            <textarea id="findings-note-{{id}}" name="note" rows="3" maxlength="1000">{{note}}</textarea>
            <button type="submit">提交调查意见</button>
          </form>
          {{/findings}}
          {{#decision}}
          <div class="panel" id="decision-{{id}}">
            <h3>审批</h3>
            <p>{{assessment}}</p>
            {{#missing}}<p class="missing">· {{.}}</p>{{/missing}}
            {{#proposed}}<p>测算救助金额：{{.}}</p>{{/proposed}}
            {{#canApprove}}
            <form method="post" action="/case-items/{{id}}/approve" id="approve-{{id}}">
              <input type="hidden" name="csrf" value="{{frame.csrf}}">
              <button type="submit">审批通过</button>
            </form>
            {{/canApprove}}
            {{#canReject}}
            <details class="reject"{{#rejectOpen}} open{{/rejectOpen}}>
            <summary>不予救助（须写明理由、依据和告知情况）</summary>
            <form method="post" action="/case-items/{{id}}/reject" id="reject-{{id}}">
              <input type="hidden" name="csrf" value="{{frame.csrf}}">
              <input type="hidden" name="code" value="{{code}}">
              <label for="reason-{{id}}">不予救助的理由</label>
              <textarea id="reason-{{id}}" name="reason" rows="2" maxlength="1000" required>{{reason}}</textarea>
              <label for="basis-{{id}}">依据（政策或法规条款）</label>
              <input id="basis-{{id}}" name="basis" maxlength="500" required value="{{basis}}">
              <label for="notice-{{id}}">告知情况（何时以何种方式告知申请人）</label>
              <input id="notice-{{id}}" name="notice" maxlength="500" required value="{{notice}}">
              <button type="submit" class="secondary">不予救助</button>
            </form>
            </details>
            {{/canReject}}
          </div>
          {{/decision}}
          {{#payment}}
          <form method="post" action="/case-items/{{id}}/pay" class="panel" id="pay-{{id}}">
            <h3>登记发放</h3>
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="amount-{{id}}">金额（元）</label>
            <input id="amount-{{id}}" name="amount" inputmode="decimal" required value="{{amount}}">
            <label for="period-{{id}}">所属月份</label>
            <input id="period-{{id}}" name="period" type="month" required value="{{period}}">
            <label for="payee-{{id}}">领款人</label>
            <select id="payee-{{id}}" name="payee" required>{{#payees}}{{>option}}{{/payees}}</select>
            <label for="reference-{{id}}">发放凭证号（可不填）</label>
            <input id="reference-{{id}}" name="reference" maxlength="100" value="{{reference}}">
            <button type="submit">登记发放</button>
          </form>
          {{/payment}}
        </section>
        {{/items}}
        {{/main}}
        {{/layout}}
        """

    static let dashboard = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$page}}dashboard{{/page}}
        {{$main}}
        <h1>统计监督 · {{regionName}}</h1>
        <p class="meta">{{period}}申请的事项 · 统计于 {{asOf}}</p>
        <form method="get" action="/dashboard" class="filters panel" id="dashboard-filter">
          <input type="hidden" name="region" value="{{region}}">
          <div class="field"><label for="from">起始日期</label><input id="from" name="from" type="date" value="{{from}}" required></div>
          <div class="field"><label for="to">截止日期</label><input id="to" name="to" type="date" value="{{through}}" required></div>
          <div class="field"><label for="module">部门</label>
          <select id="module" name="module">{{#departments}}{{>option}}{{/departments}}</select></div>
          <button type="submit">查看</button>
        </form>
        <p class="filters"><a href="/overdue">超期清单</a> <a href="{{publicationHref}}" id="publication-link">本月公示名单（可打印、导出）</a></p>
        <section aria-labelledby="types-heading">
          <h2 id="types-heading">各类救助办理情况</h2>
          {{#hasTypes}}
          <div class="scroll"><table id="types">
            <thead><tr><th scope="col">部门</th><th scope="col">救助类型</th><th scope="col">申请</th><th scope="col">批准</th><th scope="col">不予救助</th><th scope="col">办结率</th>
              <th scope="col">平均办理天数</th><th scope="col">P90天数</th><th scope="col">审批时限</th><th scope="col">平均用时占时限</th><th scope="col">P90占时限</th>
              <th scope="col">超期未办</th><th scope="col">超时办结</th><th scope="col">期内发放</th></tr></thead>
            <tbody>
            {{#types}}<tr data-type="{{type}}"><td>{{department}}</td><th scope="row">{{name}}</th><td data-figure="applications">{{applications}}</td><td data-figure="approvals">{{approvals}}</td>
              <td data-figure="rejections">{{rejections}}</td><td>{{closureRate}}</td><td>{{averageDays}}</td><td>{{p90Days}}</td><td>{{limit}}</td><td>{{averageShare}}</td><td>{{p90Share}}</td>
              <td data-figure="overdue"{{#late}} class="overdue"{{/late}}>{{overdue}}</td><td data-figure="metLate">{{metLate}}</td><td>{{paid}}</td></tr>{{/types}}
            </tbody>
          </table></div>
          {{/hasTypes}}
          {{^hasTypes}}<p class="empty">这一期间没有救助申请。</p>{{/hasTypes}}
        </section>
        {{#hasReferrals}}
        <section aria-labelledby="referrals-heading">
          <h2 id="referrals-heading">转办答复情况</h2>
          <div class="scroll"><table id="referral-figures">
            <thead><tr><th scope="col">转至</th><th scope="col">转办</th><th scope="col">已答复</th><th scope="col">不予办理</th><th scope="col">逾期提级</th><th scope="col">超期未答复</th></tr></thead>
            <tbody>{{#referrals}}<tr><th scope="row">{{addressee}}</th><td>{{sent}}</td><td>{{answered}}</td><td>{{declined}}</td><td>{{escalations}}</td><td>{{overdue}}</td></tr>{{/referrals}}</tbody>
          </table></div>
        </section>
        {{/hasReferrals}}
        <section aria-labelledby="risk-heading">
          <h2 id="risk-heading">监测户风险分布（按{{areaLevel}}）</h2>
          <div class="chart">{{{riskChart}}}</div>
          <div class="scroll"><table id="risk">
            <thead><tr><th scope="col">{{areaLevel}}</th><th scope="col">红色</th><th scope="col">黄色</th><th scope="col">蓝色</th><th scope="col">绿色</th><th scope="col">合计</th></tr></thead>
            <tbody>{{#areas}}<tr><th scope="row">{{#href}}<a href="{{.}}">{{name}}</a>{{/href}}{{^href}}{{name}}{{/href}}</th><td>{{red}}</td><td>{{yellow}}</td><td>{{blue}}</td><td>{{green}}</td><td>{{total}}</td></tr>{{/areas}}</tbody>
          </table></div>
        </section>
        {{#showsWarning}}
        <section aria-labelledby="warning-heading">
          <h2 id="warning-heading">主动发现：预警处置</h2>
          <div class="chart">{{{pipelineChart}}}</div>
          <dl class="facts" id="warning">{{#warning}}<dt>{{label}}</dt><dd data-figure="{{key}}">{{value}}</dd>{{/warning}}</dl>
          {{#followed}}<p class="meta">预警后批准 {{label}} {{value}} 项</p>{{/followed}}
        </section>
        {{/showsWarning}}
        <section aria-labelledby="joint-heading">
          <h2 id="joint-heading">一事一议（联合救助）办理中</h2>
          {{#hasJointCases}}
          <ul class="cards" id="joint-cases">
          {{#jointCases}}<li class="card"><a href="{{href}}">{{address}}</a><span class="line">{{lead}}牵头 · {{opened}}启动 · <span class="state">{{standing}}</span></span><span class="meta">{{reason}}</span></li>{{/jointCases}}
          </ul>
          {{/hasJointCases}}
          {{^hasJointCases}}<p class="empty">没有办理中的一事一议。</p>{{/hasJointCases}}
        </section>
        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading">月度趋势（近12个月）</h2>
          <div class="chart">{{{trendChart}}}</div>
          <details><summary>数据表</summary>
          <div class="scroll"><table id="months">
            <thead><tr><th scope="col">月份</th><th scope="col">申请</th><th scope="col">批准</th><th scope="col">不予救助</th><th scope="col">预警</th></tr></thead>
            <tbody>{{#months}}<tr><th scope="row">{{month}}</th><td>{{applications}}</td><td>{{approvals}}</td><td>{{rejections}}</td><td>{{alerts}}</td></tr>{{/months}}</tbody>
          </table></div>
          </details>
        </section>
        {{/main}}
        {{/layout}}
        """

    static let users = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>用户管理 <small class="meta">{{count}} 个账号</small></h1>
        <form method="get" action="/admin/users" class="filters panel">
          <div class="field"><label for="role-filter">角色</label><select id="role-filter" name="role">{{#roles}}{{>option}}{{/roles}}</select></div>
          {{#showsDisabled}}<input type="hidden" name="disabled" value="true">{{/showsDisabled}}
          <button type="submit">筛选</button>
        </form>
        <p class="filters"><a href="{{disabledToggle}}">{{#showsDisabled}}不显示已停用账号{{/showsDisabled}}{{^showsDisabled}}显示已停用账号{{/showsDisabled}}</a></p>
        <div class="scroll"><table id="users">
          <thead><tr><th scope="col">账号</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">辖区</th><th scope="col">部门</th>
            <th scope="col">状态</th><th scope="col">最近登录</th><th scope="col">登录方式</th></tr></thead>
          <tbody>
          {{#rows}}<tr id="user-{{login}}"{{#disabled}} class="disabled"{{/disabled}}><th scope="row">{{login}}</th><td>{{displayName}}</td><td>{{role}}</td><td>{{scope}}</td>
            <td>{{department}}</td><td>{{state}}</td><td>{{lastSignIn}}</td><td>{{credentials}}</td></tr>{{/rows}}
          </tbody>
        </table></div>
        <h2>账号操作</h2>
        {{#rows}}
        <details class="account" id="manage-{{login}}"{{#refusal}} open{{/refusal}}>
          <summary>{{login}} · {{displayName}} · {{state}}</summary>
          {{#refusal}}<p class="problem" role="alert" id="account-problem">{{.}}</p>{{/refusal}}
          <div class="account-forms">
          {{#hasPassword}}
          <form method="post" action="/admin/users/{{id}}/password" class="panel" id="password-{{login}}">
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="password-{{id}}">新密码（至少{{passwordMinimum}}位；该账号已登录的会话随即失效）</label>
            <input id="password-{{id}}" name="password" type="password" autocomplete="new-password" minlength="{{passwordMinimum}}" required>
            <button type="submit">重置密码</button>
          </form>
          {{/hasPassword}}
          <form method="post" action="/admin/users/{{id}}/{{#disabled}}enable{{/disabled}}{{^disabled}}disable{{/disabled}}" class="panel" id="switch-{{login}}">
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="note-{{id}}">原因（记入审计日志）</label>
            <input id="note-{{id}}" name="note" maxlength="1000" required>
            <button type="submit"{{^disabled}} class="secondary"{{/disabled}}>{{#disabled}}启用账号{{/disabled}}{{^disabled}}停用账号{{/disabled}}</button>
          </form>
          {{^hasPassword}}<p><a href="/admin/users/{{id}}/certificates" id="certificates-{{login}}">客户端证书（有效 {{certificateCount}} 个）：登记、吊销</a></p>{{/hasPassword}}
          </div>
        </details>
        {{/rows}}
        <section aria-labelledby="new-heading">
          <h2 id="new-heading">新增账号</h2>
          <form method="post" action="/admin/users" class="panel" id="new-user">
            {{#problem}}<p class="problem" role="alert" id="new-user-problem">{{.}}</p>{{/problem}}
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="new-login">账号（2–40位小写字母、数字、.、_、-）</label>
            <input id="new-login" name="login" value="{{login}}" required maxlength="40" autocomplete="off">
            <label for="new-name">姓名</label>
            <input id="new-name" name="displayName" value="{{displayName}}" required maxlength="50">
            <label for="new-role">角色</label>
            <select id="new-role" name="role">{{#newRoles}}{{>option}}{{/newRoles}}</select>
            <label for="new-scope">辖区代码（网格15位；村居、乡镇街道、区县12位）</label>
            <input id="new-scope" name="scope" value="{{scope}}" required inputmode="numeric" maxlength="15">
            <label for="new-department">部门（部门经办人）</label>
            <select id="new-department" name="department">{{#departments}}{{>option}}{{/departments}}</select>
            <label class="choice"><input type="checkbox" name="machine" value="true"{{#machine}} checked{{/machine}}> 部门系统（以API密钥或客户端证书登录，没有密码）</label>
            <label for="new-password">初始密码（至少{{passwordMinimum}}位；部门系统不填）</label>
            <input id="new-password" name="password" type="password" autocomplete="new-password">
            <button type="submit">新增账号</button>
          </form>
        </section>
        {{/main}}
        {{/layout}}
        """

    static let certificates = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>客户端证书 · {{login}}</h1>
        <p>{{accountName}}。部门系统以区里签发的客户端证书（双向TLS）登录，无需密码或令牌；证书须由服务器配置的客户端CA签发，在这里登记后才代表这个账号。</p>
        <p><a href="/admin/users">返回用户管理</a></p>
        {{#revokeProblem}}<p class="problem" role="alert" id="revoke-problem">{{.}}</p>{{/revokeProblem}}
        {{#hasRows}}
        <div class="scroll"><table id="certificates">
          <thead><tr><th scope="col">指纹（SHA-256）</th><th scope="col">用途</th><th scope="col">登记时间</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
          <tbody>
          {{#rows}}<tr id="certificate-{{fingerprint}}"><td title="{{fingerprint}}"><code>{{shortFingerprint}}</code></td><td>{{label}}</td><td>{{registered}}</td><td>{{standing}}</td>
            <td>{{#active}}<form method="post" action="/admin/users/{{accountID}}/certificates/revoke" id="revoke-{{fingerprint}}">
              <input type="hidden" name="csrf" value="{{frame.csrf}}">
              <input type="hidden" name="fingerprint" value="{{fingerprint}}">
              <label for="note-{{fingerprint}}">吊销原因（记入审计日志）</label>
              <input id="note-{{fingerprint}}" name="note" maxlength="1000" required value="{{note}}">
              <button type="submit" class="secondary">吊销</button>
            </form>{{/active}}</td></tr>{{/rows}}
          </tbody>
        </table></div>
        {{/hasRows}}
        {{^hasRows}}<p class="empty">这个账号还没有登记客户端证书。</p>{{/hasRows}}
        {{^isMachine}}<p class="empty">这是个人账号，以密码登录；客户端证书只登记给部门系统账号。</p>{{/isMachine}}
        {{#isMachine}}
        <section aria-labelledby="register-heading">
          <h2 id="register-heading">登记证书</h2>
          <form method="post" action="/admin/users/{{accountID}}/certificates/register" class="panel" id="register-certificate">
            {{#registerProblem}}<p class="problem" role="alert" id="register-problem">{{.}}</p>{{/registerProblem}}
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="certificate-label">用途（如系统名称和主机；不填则用证书的主体名称）</label>
            <input id="certificate-label" name="label" maxlength="100" value="{{label}}">
            <label for="certificate-pem">证书（PEM格式，从 -----BEGIN CERTIFICATE----- 到 -----END CERTIFICATE-----）</label>
            <textarea id="certificate-pem" name="certificate" rows="8" required spellcheck="false">{{pem}}</textarea>
            <button type="submit">登记证书</button>
          </form>
        </section>
        {{/isMachine}}
        {{/main}}
        {{/layout}}
        """

    static let audit = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>审计日志</h1>
        {{#filter}}
        <form method="get" action="/audit" class="filters panel" id="audit-filter">
          <div class="field"><label for="action">操作</label><input id="action" name="action" value="{{action}}" placeholder="如 user 或 case.approve"></div>
          <div class="field"><label for="entity">对象类型</label><input id="entity" name="entity" value="{{entity}}" placeholder="如 household、user"></div>
          <div class="field"><label for="entityID">对象编号</label><input id="entityID" name="entityID" value="{{entityID}}"></div>
          <div class="field"><label for="actor">操作账号</label><input id="actor" name="actor" value="{{actor}}" placeholder="如 town 或 system"></div>
          <div class="field"><label for="audit-from">起始日期</label><input id="audit-from" name="from" type="date" value="{{from}}"></div>
          <div class="field"><label for="audit-to">截止日期</label><input id="audit-to" name="to" type="date" value="{{to}}"></div>
          <button type="submit">查询</button>
        </form>
        {{/filter}}
        <p>{{#verification}}<span class="{{#intact}}verified{{/intact}}{{^intact}}problem{{/intact}}" id="chain-status" role="status">{{.}}</span>{{/verification}}
          {{^verification}}<a href="{{verifyHref}}" id="verify-chain">校验审计链（逐条重算哈希，记录多时需要一些时间）</a>{{/verification}}</p>
        {{#hasRows}}
        <div class="scroll"><table id="audit">
          <thead><tr><th scope="col">序号</th><th scope="col">时间</th><th scope="col">操作账号</th><th scope="col">来源</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">内容</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td>{{seq}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{source}}</td><td title="{{action}}">{{actionName}}</td><td>{{entity}} {{entityID}}</td><td class="details">{{details}}</td></tr>{{/rows}}
          </tbody>
        </table></div>
        {{/hasRows}}
        {{^hasRows}}<p class="empty">没有符合条件的记录。</p>{{/hasRows}}
        <nav class="pager" aria-label="翻页">{{#older}}<a href="{{.}}" rel="next">更早的记录</a>{{/older}}</nav>
        {{/main}}
        {{/layout}}
        """

    static let calendar = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>工作日历 · {{year}}年 <small class="meta">{{state}} · 全年工作日 {{workingDays}} 天</small></h1>
        {{#missingSchedule}}<p class="problem" role="alert">{{.}}</p>{{/missingSchedule}}
        <nav class="tabs" aria-label="年份">{{#years}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{year}}年（{{state}}）</a>{{/years}}</nav>
        <p class="meta">所有按工作日计算的时限（入户调查、审核审批、转办答复、预警核实等）都按此日历计算；<span class="legend holiday">休</span> 法定节假日，<span class="legend work">班</span> 调休上班的周末。</p>
        <div class="months" id="months">
        {{#months}}
          <table class="month">
            <caption>{{name}} <small>工作日 {{workingDays}} 天</small></caption>
            <thead><tr><th scope="col">一</th><th scope="col">二</th><th scope="col">三</th><th scope="col">四</th><th scope="col">五</th><th scope="col">六</th><th scope="col">日</th></tr></thead>
            <tbody>{{#weeks}}<tr>{{#days}}<td class="{{kind}}">{{number}}{{#label}}<small>{{.}}</small>{{/label}}</td>{{/days}}</tr>{{/weeks}}</tbody>
          </table>
        {{/months}}
        </div>
        {{#canEdit}}
        <section aria-labelledby="load-heading">
          <h2 id="load-heading">导入或修改{{year}}年安排</h2>
          <form method="post" action="/admin/calendar/{{year}}" class="panel" id="calendar-form">
            {{#problem}}<p class="problem" role="alert" id="calendar-problem">{{.}}</p>{{/problem}}
            <input type="hidden" name="csrf" value="{{frame.csrf}}">
            <label for="holidays">法定节假日（每行一个日期，如 {{year}}-10-01；周末可不列）</label>
            <textarea id="holidays" name="holidays" rows="8">{{holidays}}</textarea>
            <label for="workingDays">调休上班的周末（每行一个日期）</label>
            <textarea id="workingDays" name="workingDays" rows="4">{{weekendWork}}</textarea>
            <label class="choice"><input type="checkbox" name="published" value="true"{{#published}} checked{{/published}}> 这是国务院正式发布的安排（不勾选则作为草案，时限标为暂定）</label>
            <label for="calendar-note">说明（记入审计日志）</label>
            <input id="calendar-note" name="note" maxlength="500" value="{{note}}" required>
            <button type="submit">保存（在办时限按新日历重新计算）</button>
          </form>
        </section>
        {{/canEdit}}
        {{/main}}
        {{/layout}}
        """

    static let settings = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$main}}
        <h1>区级设置 <small class="meta">第 {{version}} 版</small></h1>
        <p class="meta">救助标准、预警线、办理时限和走访周期。每次修改生成新版本并即时生效；已发出的预警和已开始的时限保留当时的版本。</p>
        {{#problem}}<p class="problem" role="alert" id="settings-problem">{{.}}</p>{{/problem}}
        <form method="post" action="/admin/settings" id="settings-form">
          {{#canEdit}}<input type="hidden" name="csrf" value="{{frame.csrf}}"><input type="hidden" name="version" value="{{version}}">{{/canEdit}}
          {{#groups}}
          <section class="settings-group">
            <h2>{{title}}</h2>
            <div class="scroll"><table>
              <thead><tr><th scope="col">设置</th><th scope="col">现行值</th><th scope="col">默认值</th><th scope="col">允许范围</th>{{#canEdit}}<th scope="col">改为</th>{{/canEdit}}</tr></thead>
              <tbody>
              {{#rows}}<tr id="setting-{{key}}" class="{{#changed}}changed{{/changed}}{{#atFault}} at-fault{{/atFault}}"><th scope="row">{{name}}<small class="meta">{{key}}</small></th><td>{{value}}</td><td>{{defaultValue}}</td><td>{{range}}</td>
                {{#canEdit}}<td><label class="visually-hidden" for="value-{{key}}">{{name}}</label><input id="value-{{key}}" name="value.{{key}}" value="{{input}}" inputmode="decimal" size="10"> {{unit}}
                {{#changed}}<label class="choice"><input type="checkbox" name="reset.{{key}}" value="true"{{#resetChecked}} checked{{/resetChecked}}> 恢复默认</label>{{/changed}}</td>{{/canEdit}}</tr>{{/rows}}
              </tbody>
            </table></div>
          </section>
          {{/groups}}
          {{#canEdit}}
          <div class="panel">
            <label for="settings-note">修改依据和说明（记入版本和审计日志）</label>
            <textarea id="settings-note" name="note" rows="2" maxlength="1000" required>{{note}}</textarea>
            <button type="submit">保存为新版本</button>
          </div>
          {{/canEdit}}
        </form>
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">历史版本</h2>
          <div class="scroll"><table id="versions">
            <thead><tr><th scope="col">版本</th><th scope="col">时间</th><th scope="col">修改人</th><th scope="col">说明</th><th scope="col">与默认值不同的设置</th></tr></thead>
            <tbody>{{#versions}}<tr><td>{{version}}</td><td>{{at}}</td><td>{{by}}</td><td>{{note}}</td><td class="details">{{values}}</td></tr>{{/versions}}</tbody>
          </table></div>
        </section>
        {{/main}}
        {{/layout}}
        """

    static let publication = """
        {{<layout}}
        {{$title}}{{frame.title}}{{/title}}
        {{$page}}publication{{/page}}
        {{$main}}
        <form method="get" action="/publication" class="filters panel" id="publication-filter">
          <input type="hidden" name="region" value="{{region}}">
          <div class="field"><label for="pub-from">批准日期自</label><input id="pub-from" name="from" type="date" value="{{from}}" required></div>
          <div class="field"><label for="pub-to">至</label><input id="pub-to" name="to" type="date" value="{{through}}" required></div>
          <div class="field"><label for="pub-type">救助类别</label><select id="pub-type" name="type">{{#types}}{{>option}}{{/types}}</select></div>
          <button type="submit">查看</button>
        </form>
        <p class="filters"><a href="{{csvHref}}" download>导出 CSV（可用 Excel 打开）</a> · 打印：使用浏览器的打印功能，导航和表单不会打印。</p>
        <article class="notice-sheet" id="publication">
          <h1>社会救助对象公示</h1>
          <p>{{regionName}} · {{period}}批准 · 共 {{count}} 户（人）</p>
          {{#hasRows}}
          <table>
            <thead><tr><th scope="col">村（社区）</th><th scope="col">救助类别</th><th scope="col">姓名</th><th scope="col">身份证号</th><th scope="col">家庭人口</th><th scope="col">金额（元）</th><th scope="col">期间</th><th scope="col">批准日期</th></tr></thead>
            <tbody>{{#rows}}<tr><td>{{village}}</td><td>{{type}}</td><td>{{name}}</td><td>{{idNumber}}</td><td>{{householdSize}}</td><td>{{amount}}</td><td>{{period}}</td><td>{{approvedOn}}</td></tr>{{/rows}}</tbody>
          </table>
          {{/hasRows}}
          {{^hasRows}}<p class="empty">这一期间没有需要公示的批准事项。</p>{{/hasRows}}
          <p class="meta">公示期内如有异议，请向乡镇（街道）或区民政局反映。姓名和身份证号已按规定部分隐藏。</p>
        </article>
        {{/main}}
        {{/layout}}
        """
}

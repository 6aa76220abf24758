<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AgentQuestion</name>
    <message>
        <location filename="../widgets/agent_question.py" line="35" />
        <source>又读到一张证件</source>
        <translation>Another card read</translation>
    </message>
    <message>
        <location filename="../widgets/agent_question.py" line="40" />
        <source>读到 %1 的证件，当前办件的申请人是 %2。
%1 是代办人吗？按数字选其与申请人的关系。
不是：按 Enter，作为下一位市民办理（%2 的办件存为草稿）。</source>
        <translation>The card of %1 was read; the case open is %2's.
Is %1 the agent? Press the number of how they are related to the applicant.
If not: press Enter to serve them as the next citizen (%2's case is kept as a draft).</translation>
    </message>
    <message>
        <location filename="../widgets/agent_question.py" line="60" />
        <source>下一位市民 (Enter)</source>
        <translation>Next citizen (Enter)</translation>
    </message>
</context>
<context>
    <name>ApplicantPanel</name>
    <message>
        <location filename="../widgets/applicant_panel.py" line="89" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="90" />
        <source>申请人（委托人）</source>
        <translation>Applicant (principal)</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="91" />
        <source>代办人（受托人）</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="92" />
        <source>经办人</source>
        <translation>Person handling it for the company</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="95" />
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="96" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="97" />
        <source>证件号码</source>
        <translation>ID no.</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="98" />
        <source>放置证件，或手工输入</source>
        <translation>Place the card, or type it</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="100" />
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="101" />
        <source>港澳台居民居住证</source>
        <translation>Residence permit (HK/Macao/Taiwan)</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="102" />
        <source>外国人永久居留证（2017）</source>
        <translation>Foreign permanent residence card (2017)</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="103" />
        <source>外国人永久居留身份证（2023）</source>
        <translation>Foreign permanent residence ID card (2023)</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="104" />
        <source>社会保障卡</source>
        <translation>Social security card</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="205" />
        <source>已读卡（未装照片解码程序：请核对证件上的照片）</source>
        <translation>Card read (no photo decoder installed: check the photo on the card)</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="209" />
        <source>已读卡</source>
        <translation>Read from the card</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="209" />
        <source>手工录入（无证件时）</source>
        <translation>Typed by hand (no card)</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="194" />
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="215" />
        <source>长期</source>
        <translation>no end date</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="216" />
        <source>有效期至 %1</source>
        <translation>Valid until %1</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="219" />
        <source>证件已过期：请申请人出示有效证件或按规定办理。</source>
        <translation>The card has expired: ask for a valid document, or proceed as the rules say.</translation>
    </message>
    <message>
        <location filename="../widgets/applicant_panel.py" line="221" />
        <source>证件号码校验位不符：请核对证件，必要时联网核查。</source>
        <translation>The ID number's check character does not match: check the card, verify online if needed.</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../widgets/approval_dialog.py" line="41" />
        <source>主管批准</source>
        <translation>Supervisor's approval</translation>
    </message>
    <message>
        <location filename="../widgets/approval_dialog.py" line="45" />
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../widgets/approval_dialog.py" line="48" />
        <source>主管用户名</source>
        <translation>Supervisor's user name</translation>
    </message>
    <message>
        <location filename="../widgets/approval_dialog.py" line="49" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../widgets/approval_dialog.py" line="57" />
        <source>请主管输入用户名和密码。</source>
        <translation>The supervisor types their user name and password.</translation>
    </message>
</context>
<context>
    <name>BeforeRecord</name>
    <message>
        <location filename="../before_record.py" line="30" />
        <source>承诺日期可能顺延</source>
        <translation>The promised date may move</translation>
    </message>
    <message>
        <location filename="../before_record.py" line="31" />
        <source>本系统的工作日历尚未包含 %1 年的法定节假日：承诺日期按周一至周五计算，遇法定节假日顺延，回执上会注明。请告知申请人；日历更新后新办件自动按新日历计算。</source>
        <translation>The working-day calendar here does not yet include the public holidays of %1: the promised date is counted Monday to Friday and moves past any public holiday, as the receipt says. Please tell the applicant; cases after a calendar update are counted with the new calendar.</translation>
    </message>
    <message>
        <location filename="../before_record.py" line="93" />
        <source>申请人未签名确认，办件未保存。可请申请人签名后再按一次。</source>
        <translation>The applicant did not sign the confirmation: the case was not saved. Ask them to sign and press the key again.</translation>
    </message>
    <message>
        <location filename="../before_record.py" line="97" />
        <source>代办人未签名确认，办件未保存。可请代办人签名后再按一次。</source>
        <translation>The agent did not sign the confirmation: the case was not saved. Ask them to sign and press the key again.</translation>
    </message>
</context>
<context>
    <name>Capture</name>
    <message>
        <location filename="../capture/hook.py" line="106" />
        <source>拍照/扫描</source>
        <translation>Photo/scan</translation>
    </message>
    <message>
        <location filename="../capture/hook.py" line="107" />
        <source>已采集 %1 页</source>
        <translation>Captured: %1 page(s)</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <location filename="../capture/dialog.py" line="80" />
        <source>采集材料：%1</source>
        <translation>Capture material: %1</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="90" />
        <source>没有摄像头画面</source>
        <translation>No camera picture</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="105" />
        <source>文件（A4）</source>
        <translation>Document (A4)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="105" />
        <source>身份证（正反面合一页）</source>
        <translation>ID card (both sides on one page)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="106" />
        <source>黑白</source>
        <translation>Black and white</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="108" />
        <source>拍照 (空格)</source>
        <translation>Take photo (Space)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="109" />
        <source>重拍所选</source>
        <translation>Retake selected</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="110" />
        <source>删除所选 (Delete)</source>
        <translation>Delete selected (Delete)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="111" />
        <source>扫描</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="112" />
        <source>从文件添加…</source>
        <translation>Add from file…</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="113" />
        <source>完成 (Ctrl+Enter)</source>
        <translation>Done (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="114" />
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="163" />
        <source>平板</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="164" />
        <source>进纸器</source>
        <translation>Feeder</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="165" />
        <source>进纸器双面</source>
        <translation>Feeder, both sides</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="204" />
        <source>共 %1 页</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="219" />
        <source>请重新放好第 %1 页，然后按空格拍照</source>
        <translation>Lay page %1 again, then press Space to take it</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="245" />
        <source>没有摄像头画面：请检查高拍仪连接，或改用扫描、文件。</source>
        <translation>No camera picture: check the document camera's cable, or use the scanner or a file.</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="254" />
        <source>已拍正面，请翻面后再拍背面</source>
        <translation>Front taken; turn the card over and take the back</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="290" />
        <source>正在扫描…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="296" />
        <source>选择材料文件（U 盘或文件夹）</source>
        <translation>Choose material files (USB stick or folder)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="298" />
        <source>图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;所有文件 (*)</source>
        <translation>Images or PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="309" />
        <source>PDF 文件须单独作为一份材料，不能与其他页面合并。</source>
        <translation>A PDF file must be a material on its own; it cannot be combined with other pages.</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="314" />
        <source>已添加 PDF：%1（%2 页）</source>
        <translation>PDF added: %1 (%2 pages)</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="342" />
        <source>正在生成 PDF 并保存…</source>
        <translation>Making the PDF and saving it…</translation>
    </message>
    <message>
        <location filename="../capture/dialog.py" line="398" />
        <source>采集失败：%1</source>
        <translation>Capture failed: %1</translation>
    </message>
    <message>
        <location filename="../capture/discard.py" line="19" />
        <source>放弃已采集的页面？</source>
        <translation>Discard the captured pages?</translation>
    </message>
    <message>
        <location filename="../capture/discard.py" line="20" />
        <source>已采集 %1 页，尚未保存。关闭后这些页面将被丢弃。</source>
        <translation>%1 pages are captured and not saved. Closing discards them.</translation>
    </message>
    <message>
        <location filename="../capture/discard.py" line="27" />
        <source>继续采集</source>
        <translation>Keep capturing</translation>
    </message>
    <message>
        <location filename="../capture/discard.py" line="30" />
        <source>放弃并关闭</source>
        <translation>Discard and close</translation>
    </message>
</context>
<context>
    <name>CardsTable</name>
    <message>
        <location filename="../widgets/cards_table.py" line="112" />
        <source>警示</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="112" />
        <source>超期 / 剩余</source>
        <translation>Over / left</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="112" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="112" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="113" />
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="113" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="113" />
        <source>经办人</source>
        <translation>Person handling it for the company</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="113" />
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="125" />
        <source>承诺办结</source>
        <translation>Promised completion</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="127" />
        <source>一次性告知未出具</source>
        <translation>One-time notice not issued</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="129" />
        <source>补正期限</source>
        <translation>补正 return deadline</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="131" />
        <source>告知承诺核查：%1</source>
        <translation>Promise to check: %1</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="132" />
        <source>容缺承诺：%1</source>
        <translation>容缺 promise: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/cards_table.py" line="142" />
        <source>超期 %n 天</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="144" />
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/cards_table.py" line="145" />
        <source>剩余 %n 个工作日</source>
        <translation>
            <numerusform>%n working day left</numerusform>
            <numerusform>%n working days left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="149" />
        <source>红牌</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../widgets/cards_table.py" line="149" />
        <source>黄牌</source>
        <translation>Yellow</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <location filename="../case_action_texts.py" line="23" />
        <source>撤回办件</source>
        <translation>Withdraw case</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="24" />
        <source>作废办件</source>
        <translation>Void case</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="25" />
        <source>更正办件</source>
        <translation>Correct case</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="32" />
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="35" />
        <source>原件%1份、复印件%2份</source>
        <translation>%1 original(s), %2 copy(ies)</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="44" />
        <source>作废办件 %1。
原因：%2</source>
        <translation>Void case %1.
Reason: %2</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="53" />
        <source>%1：“%2” 改为 “%3”</source>
        <translation>%1: "%2" becomes "%3"</translation>
    </message>
    <message>
        <location filename="../case_action_texts.py" line="60" />
        <source>更正办件 %1：
%2
原因：%3</source>
        <translation>Correct case %1:
%2
Reason: %3</translation>
    </message>
    <message>
        <source>编号 %1 · %2 · 申请人 %3</source>
        <translation type="vanished">Case %1 · %2 · applicant %3</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="64" />
        <source>编号 %1 · %2 · 申请人 %3（%4）</source>
        <translation>Case %1 · %2 · applicant %3 (%4)</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="82" />
        <source>已读取申请人本人证件。</source>
        <translation>The applicant's own card was read.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="87" />
        <source>已读取登记的代办人 %1 的证件：由代办人提出撤回。</source>
        <translation>The card of %1, the case's agent of record, is read: the agent asks for the withdrawal.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="94" />
        <source>申请人证件号码（凭回执撤回时核对）</source>
        <translation>Applicant's ID number (checked when withdrawing with the receipt)</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="98" />
        <location filename="../case_actions.py" line="143" />
        <source>申请人姓名</source>
        <translation>Applicant's name</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="111" />
        <source>收取的材料（份数）</source>
        <translation>Materials received (counts)</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="117" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="162" />
        <source>请写明原因。</source>
        <translation>Please give the reason.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="168" />
        <source>代办人撤回须读取其本人身份证件，不能凭录入的证件号码。</source>
        <translation>The agent withdraws with their own ID card read, not with a number keyed.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="175" />
        <source>证件号码与申请人不符：撤回须由申请人本人或登记的代办人提出。</source>
        <translation>The ID number is not the applicant's: only the applicant or the case's agent of record may withdraw.</translation>
    </message>
    <message>
        <source>证件号码与申请人不符：撤回须由申请人本人提出。</source>
        <translation type="vanished">The ID number is not the applicant's: only the applicant may withdraw.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="195" />
        <source>更正后材料不齐全：%1。已受理的办件材料须齐全。</source>
        <translation>After this correction a material would be short: %1. An accepted case must have all its materials.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="210" />
        <source>没有改动任何内容。</source>
        <translation>Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="223" />
        <source>扫描回执二维码或输入编号：</source>
        <translation>Scan the receipt's QR code or type its number:</translation>
    </message>
    <message>
        <source>作废办件 %1：%2</source>
        <translation type="vanished">Void case %1: %2</translation>
    </message>
    <message>
        <source>更正办件 %1（%2）：%3</source>
        <translation type="vanished">Correct case %1 (%2): %3</translation>
    </message>
    <message>
        <location filename="../case_actions.py" line="342" />
        <source>已%1：%2</source>
        <translation>Done (%1): %2</translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <location filename="../widgets/case_editor.py" line="164" />
        <source>按预约办理 (F4)</source>
        <translation>Take the booked service (F4)</translation>
    </message>
    <message>
        <location filename="../widgets/case_editor.py" line="165" />
        <source>受理 (F9)</source>
        <translation>Accept (F9)</translation>
    </message>
    <message>
        <location filename="../widgets/case_editor.py" line="166" />
        <source>补正告知 (F10)</source>
        <translation>Notice (F10)</translation>
    </message>
    <message>
        <location filename="../widgets/case_editor.py" line="167" />
        <source>不予受理 (F11)</source>
        <translation>Reject (F11)</translation>
    </message>
    <message>
        <location filename="../widgets/case_editor.py" line="248" />
        <source>放置证件或录入申请人，再选择事项</source>
        <translation>Place the card or type the applicant, then choose the service</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/case_editor.py" line="252" />
        <source>还缺 %n 项材料：补齐后按 F9 受理</source>
        <translation>
            <numerusform>%n material still missing: accept with F9 once it is here</numerusform>
            <numerusform>%n materials still missing: accept with F9 once they are here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/case_editor.py" line="255" />
        <source>缺 %n 项材料：可出具补正告知书</source>
        <translation>
            <numerusform>%n material missing: issue the one-time notice</numerusform>
            <numerusform>%n materials missing: issue the one-time notice</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/case_editor.py" line="257" />
        <source>材料齐全：可以受理</source>
        <translation>All materials present: accept</translation>
    </message>
</context>
<context>
    <name>CheckinPage</name>
    <message>
        <location filename="../kiosk/checkin_page.py" line="108" />
        <source>取普通号</source>
        <translation>Take an ordinary ticket</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="109" />
        <source>取出件号</source>
        <translation>Ticket to collect a result</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="110" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="132" />
        <source>请将身份证放在下方读卡区</source>
        <translation>Please place your ID card on the reader below</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="133" />
        <source>读取后自动查找您今天的预约。</source>
        <translation>Your appointment today is looked up as soon as the card is read.</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="136" />
        <source>本机暂时无法读取身份证</source>
        <translation>This kiosk cannot read ID cards at the moment</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="138" />
        <source>请到咨询台签到，或先取普通号；工作人员可按预约为您优先办理。</source>
        <translation>Please check in at the help desk, or take an ordinary ticket; the staff can still serve you first for your appointment.</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="158" />
        <source>正在读卡，请不要移动身份证……</source>
        <translation>Reading the card, please do not move it…</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="163" />
        <source>请重新放置身份证；仍不行请到咨询台，或先取普通号。</source>
        <translation>Please place the ID card again; if it still fails, go to the help desk or take an ordinary ticket.</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="174" />
        <source>您好，%1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="175" />
        <source>正在查找您今天的预约……</source>
        <translation>Looking for your appointment today…</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="234" />
        <source>没有找到您今天的预约。您可以取普通号排队，或到咨询台询问。</source>
        <translation>No appointment found for you today. You can take an ordinary ticket, or ask at the help desk.</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="196" />
        <source>已找到您 %1 的预约：%2</source>
        <translation>Found your appointment at %1: %2</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="112" />
        <location filename="../kiosk/checkin_page.py" line="286" />
        <source>签到成功</source>
        <translation>You are checked in</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="255" />
        <source>您有办理结果可以领取：%1。请取出件号，到出件窗口领取。</source>
        <translation>You have results ready to collect: %1. Take a ticket and go to the 出件 (collection) window.</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="272" />
        <source>出件领取</source>
        <translation>Collecting results</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="290" />
        <source>您今天已经签到过，这是您的号码。</source>
        <translation>You have already checked in today; this is your number.</translation>
    </message>
    <message>
        <location filename="../kiosk/checkin_page.py" line="296" />
        <source>暂时无法签到，请到咨询台，工作人员会帮您。</source>
        <translation>Check-in is not possible right now. Please go to the help desk; the staff will help you.</translation>
    </message>
</context>
<context>
    <name>CitizenRating</name>
    <message>
        <location filename="../citizen_rating.py" line="60" />
        <source>请告诉申请人：本窗口不能当场评价，回执上已印明评价方法——办结后到大厅自助终端“服务评价”，扫描回执二维码即可评价。</source>
        <translation>Please tell the applicant: this counter cannot take a rating now. The receipt says how: once the matter is done, choose "Rate the service" at the hall's self-service kiosk and scan the receipt's QR code.</translation>
    </message>
</context>
<context>
    <name>Comeback</name>
    <message>
        <location filename="../comeback.py" line="55" />
        <source>补正后受理</source>
        <translation>Accept after correction</translation>
    </message>
    <message>
        <location filename="../comeback.py" line="133" />
        <source>此市民有待补正的办件：%1 %2</source>
        <translation>This citizen has a case awaiting correction: %1 %2</translation>
    </message>
    <message>
        <location filename="../comeback.py" line="139" />
        <source>补正后受理 (Ctrl+B)</source>
        <translation>Accept after correction (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../comeback.py" line="278" />
        <source>注意：已超过补正期限（%1），逾期 %2 天。是否受理由大厅决定；受理后将记为逾期补正。</source>
        <translation>Note: past the return deadline (%1), %2 days late. Whether to accept is the hall's decision; if accepted, the return is recorded as late.</translation>
    </message>
    <message>
        <source>扫描回执或补正告知书上的二维码，或输入编号：</source>
        <translation type="vanished">Scan the QR code on the receipt or the correction notice, or type its number:</translation>
    </message>
    <message>
        <location filename="../comeback.py" line="252" />
        <source>补正后受理：编号 %1，告知补正：%2。请勾选已补交的材料（需扫描的按 Ctrl+K），齐全后按 F9 受理。</source>
        <translation>Return after correction: case %1, the notice asked for: %2. Tick what the citizen brought (Ctrl+K to scan where needed), then accept with F9 once complete.</translation>
    </message>
</context>
<context>
    <name>CompanyPanel</name>
    <message>
        <location filename="../widgets/company_panel.py" line="45" />
        <source>申请单位（法人及其他组织）</source>
        <translation>Applying company or organisation</translation>
    </message>
    <message>
        <location filename="../widgets/company_panel.py" line="46" />
        <source>主管核准此代码</source>
        <translation>Supervisor approves this code</translation>
    </message>
    <message>
        <location filename="../widgets/company_panel.py" line="47" />
        <source>单位名称</source>
        <translation>Company name</translation>
    </message>
    <message>
        <location filename="../widgets/company_panel.py" line="47" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../widgets/company_panel.py" line="47" />
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../widgets/company_panel.py" line="78" />
        <source>校验位不符，已经主管批准。</source>
        <translation>Check character does not match; approved by a supervisor.</translation>
    </message>
    <message>
        <location filename="../widgets/company_panel.py" line="81" />
        <source>统一社会信用代码校验位不符：核对营业执照；确属旧代码的，受理时须主管批准。</source>
        <translation>The credit code's check character does not match: check the business licence; an older code needs a supervisor's approval.</translation>
    </message>
</context>
<context>
    <name>CorrectionMore</name>
    <message>
        <location filename="../widgets/correction_more.py" line="20" />
        <source>缴费凭证号</source>
        <translation>Payment reference</translation>
    </message>
    <message>
        <location filename="../widgets/correction_more.py" line="21" />
        <source>单位名称</source>
        <translation>Company name</translation>
    </message>
    <message>
        <location filename="../widgets/correction_more.py" line="22" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../widgets/correction_more.py" line="23" />
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../widgets/correction_more.py" line="24" />
        <source>代办人与申请人关系</source>
        <translation>Agent's relation to the applicant</translation>
    </message>
    <message>
        <location filename="../widgets/correction_more.py" line="25" />
        <source>代办人联系电话</source>
        <translation>Agent's phone</translation>
    </message>
</context>
<context>
    <name>DeadlineStatus</name>
    <message>
        <location filename="../deadline_status.py" line="80" />
        <source>我的办件警示（黄牌/红牌）</source>
        <translation>My deadline cards (yellow/red)</translation>
    </message>
    <message>
        <location filename="../deadline_status.py" line="113" />
        <source>红牌 %1</source>
        <translation>Red: %1</translation>
    </message>
    <message>
        <location filename="../deadline_status.py" line="117" />
        <source>黄牌 %1</source>
        <translation>Yellow: %1</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../display/window.py" line="169" />
        <source>最近叫号</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="177" />
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="299" />
        <location filename="../display/window.py" line="304" />
        <source>再次呼叫</source>
        <translation>Called again</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="300" />
        <source>等候叫号</source>
        <translation>Waiting for calls</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="307" />
        <source>%1 号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="314" />
        <source>%1 人</source>
        <translation>%1</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="315" />
        <source>共 %1 人等候</source>
        <translation>%1 waiting in all</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="320" />
        <source>正在连接平台</source>
        <translation>Connecting to the portal</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="323" />
        <source>已联网</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="326" />
        <source>本机离线，仅显示本机叫号</source>
        <translation>Offline: only this terminal's calls are shown</translation>
    </message>
    <message>
        <location filename="../display/window.py" line="338" />
        <source>语音叫号暂停，请留意屏幕</source>
        <translation>Calls are not spoken for now: please watch the screen</translation>
    </message>
</context>
<context>
    <name>FeePanel</name>
    <message>
        <location filename="../widgets/fee_panel.py" line="203" />
        <source>应收金额或加急已改变，原登记的缴费（或减免）已清除：请按 %1 重新登记。</source>
        <translation>The amount due or expedited handling changed; the payment (or waiver) recorded before was cleared: record it again for %1.</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="228" />
        <source>应收费用：%1（人民币%2）</source>
        <translation>Fee due: %1 (in words: %2)</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="235" />
        <source>收费依据：%1</source>
        <translation>Basis for the fee: %1</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="249" />
        <source>加急：承诺办结日期 %1（不加急为 %2）</source>
        <translation>Expedited: promised by %1 (%2 without expediting)</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="251" />
        <source>承诺办结日期 %2；加急可提前至 %1</source>
        <translation>Promised by %2; expedited: by %1</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="255" />
        <source>收费与加急</source>
        <translation>Fee and expedited handling</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="256" />
        <source>缴费方式</source>
        <translation>Paid by</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="257" />
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="259" />
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="260" />
        <source>银行卡</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="261" />
        <source>扫码支付</source>
        <translation>QR code payment</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="262" />
        <source>对公转账</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="266" />
        <source>缴费凭证号</source>
        <translation>Payment reference</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="267" />
        <source>录入或扫描收费系统的凭证号</source>
        <translation>Type or scan the payment system's reference</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="268" />
        <source>减免（免收）</source>
        <translation>Exempt (no fee)</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="269" />
        <source>减免理由</source>
        <translation>Reason for the exemption</translation>
    </message>
    <message>
        <location filename="../widgets/fee_panel.py" line="270" />
        <source>加急办理 (Ctrl+J)</source>
        <translation>Expedite (Ctrl+J)</translation>
    </message>
</context>
<context>
    <name>FeeWaiver</name>
    <message>
        <location filename="../fee_waiver.py" line="32" />
        <source>减免收费：%1（人民币%2）全部免收。
理由：%3</source>
        <translation>Fee waiver: %1 (RMB %2) waived in full.
Reason: %3</translation>
    </message>
</context>
<context>
    <name>FollowupDialog</name>
    <message>
        <location filename="../widgets/followup_dialog.py" line="52" />
        <source>差评整改</source>
        <translation>差评 follow-ups</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="56" />
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="56" />
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="56" />
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="56" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="57" />
        <source>整改期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="57" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="67" />
        <source>整改情况：做了什么（必填）</source>
        <translation>What was done (required)</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="69" />
        <source>登记整改</source>
        <translation>Record 整改</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="75" />
        <source>已联系上市民</source>
        <translation>Citizen reached</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="75" />
        <source>未联系上</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="76" />
        <location filename="../widgets/followup_dialog.py" line="186" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="76" />
        <location filename="../widgets/followup_dialog.py" line="186" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="78" />
        <location filename="../widgets/followup_dialog.py" line="82" />
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="86" />
        <source>回访情况（可选）</source>
        <translation>How the call went (optional)</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="87" />
        <source>登记回访</source>
        <translation>Record 回访</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="88" />
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="103" />
        <source>整改</source>
        <translation>整改 (rectify)</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="105" />
        <source>回访</source>
        <translation>回访 (call back)</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="132" />
        <source>%1 · 已超期</source>
        <translation>%1 · OVERDUE</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="141" />
        <source>没有未办结的差评整改。</source>
        <translation>No 差评 follow-up is open.</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="159" />
        <source>回执 %1：%3 评价“%2”。</source>
        <translation>Receipt %1: rated “%2” on %3.</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="167" />
        <source>市民意见：%1</source>
        <translation>The citizen said: %1</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="170" />
        <source>已整改（%1）：%2</source>
        <translation>Rectified (%1): %2</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="182" />
        <source>已回访（%1，%2）：未联系上</source>
        <translation>Revisited (%1, %2): not reached</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="188" />
        <source>已回访（%1，%2）：%3</source>
        <translation>Revisited (%1, %2): %3</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="207" />
        <source>请填写整改情况：做了什么。</source>
        <translation>Say what was done.</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="215" />
        <source>已登记整改。</source>
        <translation>整改 recorded.</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="227" />
        <source>请选择是否联系上市民、回访方式，联系上的请选择是否满意。</source>
        <translation>Choose whether the citizen was reached and how; if reached, whether they are satisfied.</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="240" />
        <source>已登记回访。</source>
        <translation>回访 recorded.</translation>
    </message>
    <message>
        <location filename="../widgets/followup_dialog.py" line="255" />
        <source>回执 %1 的差评整改已办结。</source>
        <translation>The follow-up of receipt %1 is closed.</translation>
    </message>
</context>
<context>
    <name>FollowupMenu</name>
    <message>
        <location filename="../followup_menu.py" line="69" />
        <source>监督</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../followup_menu.py" line="70" />
        <source>差评整改</source>
        <translation>差评 follow-ups</translation>
    </message>
    <message>
        <location filename="../followup_menu.py" line="86" />
        <source>差评整改只能由主管或管理员办理。%1 是窗口人员，请主管登录后再打开。</source>
        <translation>差评 follow-ups are for a supervisor or an admin. %1 is a clerk: please ask a supervisor to sign in.</translation>
    </message>
</context>
<context>
    <name>GuidePage</name>
    <message>
        <location filename="../kiosk/guide_page.py" line="62" />
        <source>您要办什么事？</source>
        <translation>What do you need to do?</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="69" />
        <source>按部门查找</source>
        <translation>Find by department</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="76" />
        <source>%1：请选择要办的事</source>
        <translation>%1: please choose what to do</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="83" />
        <source>（一次申请，一起办好）</source>
        <translation>(one application for all of it)</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="92" />
        <source>请选择部门</source>
        <translation>Choose a department</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="105" />
        <source>请选择事项</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="145" />
        <source>请带齐以下材料：%1</source>
        <translation>Please bring these materials: %1</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="159" />
        <source>打印材料清单</source>
        <translation>Print the materials list</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="187" />
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="191" />
        <source>请取走材料清单。</source>
        <translation>Please take your materials list.</translation>
    </message>
    <message>
        <location filename="../kiosk/guide_page.py" line="193" />
        <source>打印机暂时不可用，请到咨询台领取。</source>
        <translation>The printer is not available: please ask at the help desk.</translation>
    </message>
</context>
<context>
    <name>HallCase</name>
    <message>
        <location filename="../hall_case.py" line="46" />
        <source>本窗口无此办件</source>
        <translation>Not a case of this window</translation>
    </message>
    <message>
        <location filename="../hall_case.py" line="48" />
        <source>编号 %1 不是本窗口受理的。向平台调取本厅其他窗口的办件，请输入申请人证件号码后四位：</source>
        <translation>Case %1 was not recorded at this window. To fetch it from another window of the hall through the portal, enter the last four characters of the applicant's ID number:</translation>
    </message>
    <message>
        <location filename="../hall_case.py" line="78" />
        <source>正在向平台调取办件 %1……</source>
        <translation>Fetching case %1 from the portal…</translation>
    </message>
</context>
<context>
    <name>HallFigures</name>
    <message>
        <location filename="../widgets/hall_figures.py" line="69" />
        <source>正在读取大厅数据…</source>
        <translation>Reading the hall's figures…</translation>
    </message>
    <message>
        <source>本终端数据（大厅汇总尚未接入省市平台）</source>
        <translation type="vanished">This terminal's figures (the hall's, from the city portal, not connected yet)</translation>
    </message>
    <message>
        <source>以上为本终端记录的数据；大厅汇总需由省市平台提供（尚未接入）。</source>
        <translation type="vanished">These are the figures this terminal recorded; the whole hall's come from the city portal (not connected yet).</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="74" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="74" />
        <source>今日办结</source>
        <translation>Served today</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="74" />
        <source>今日平均等候(分)</source>
        <translation>Avg wait today (min)</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="75" />
        <source>今日平均办理(分)</source>
        <translation>Avg handling today (min)</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="75" />
        <source>本周办结</source>
        <translation>Served this week</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="75" />
        <source>本周平均等候(分)</source>
        <translation>Avg wait this week (min)</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="76" />
        <source>本周平均办理(分)</source>
        <translation>Avg handling this week (min)</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="88" />
        <source>导出 XLSX…</source>
        <translation>Export XLSX…</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="89" />
        <source>导出 CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="95" />
        <source>导出统计：从</source>
        <translation>Export the figures from</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="97" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="144" />
        <source>本终端数据（未连上平台，无法汇总全厅）</source>
        <translation>This terminal's own figures (not connected to the portal: no hall totals)</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="146" />
        <source>今日与本周的数据为本终端记录；连上平台后显示全厅各窗口的汇总。</source>
        <translation>Today and this week are what this terminal recorded; once connected to the portal, the view shows every window of the hall.</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="153" />
        <source>全厅（平台汇总，截至 %1）</source>
        <translation>Whole hall (totalled by the portal, as of %1)</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="156" />
        <source>今日与本周为平台汇总的全厅 %1 台终端的数据；“现在等候”为本终端所见的排队。</source>
        <translation>Today and this week are the portal's totals over the hall's %1 terminals; “waiting now” is the queue as this terminal sees it.</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="166" />
        <source>现在等候 %1 人，最长已等 %2 分钟（目标 ≤ %3）。今日：办结 %4 号，平均等候 %5 分钟（目标 ≤ %6），最长等候 %7 分钟，平均办理 %8 分钟（目标 ≤ %9）。本周：办结 %10 号，平均等候 %11 分钟，平均办理 %12 分钟。</source>
        <translation>Waiting now: %1, the longest for %2 min (target ≤ %3). Today: %4 served, average wait %5 min (target ≤ %6), longest wait %7 min, average handling %8 min (target ≤ %9). This week: %10 served, average wait %11 min, average handling %12 min.</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="208" />
        <source>今日各时段取号与办结</source>
        <translation>Today: tickets taken and served per hour</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="216" />
        <source>取号</source>
        <translation>Tickets issued</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="216" />
        <source>办结</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="303" />
        <source>导出统计</source>
        <translation>Export the figures</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="309" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../widgets/hall_figures.py" line="324" />
        <source>已导出 %1 行：%2</source>
        <translation>Exported %1 rows: %2</translation>
    </message>
</context>
<context>
    <name>Handover</name>
    <message>
        <location filename="../handover.py" line="58" />
        <source>出件（领取办理结果）</source>
        <translation>Hand over a result (出件)</translation>
    </message>
    <message>
        <location filename="../handover.py" line="71" />
        <source>出件须连接平台（由平台确认由哪个窗口发放），当前连不上平台，请稍后再试。</source>
        <translation>Handing over needs the portal (it decides which window hands a result over); the portal cannot be reached now, try again later.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="103" />
        <source>领取人（读卡）：%1</source>
        <translation>Collector (card read): %1</translation>
    </message>
    <message>
        <location filename="../handover.py" line="107" />
        <source>请领取人将本人身份证放在读卡器上。</source>
        <translation>Ask the collector to place their own ID card on the reader.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="121" />
        <source>出件正在向平台确认：此证件未读入，确认完成后再放置。</source>
        <translation>The handover is being confirmed with the portal: this card was not read; place it again once it is done.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="163" />
        <source>此市民有 %1 件待领取的办理结果，先办第一件。</source>
        <translation>This citizen has %1 results waiting; the first one is open.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="190" />
        <source>找不到此办件，请核对回执编号和申请人证件号码后四位。</source>
        <translation>No such case: check the receipt number and the applicant's last four.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="200" />
        <source>此办件上次出件已签名，未得到平台确认：正在向平台再次确认，不必重新签名。</source>
        <translation>This result was signed for last time but the portal did not confirm: asking the portal again, no new signature needed.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="209" />
        <source>此办件没有待领取的办理结果。</source>
        <translation>This case has no result waiting to be collected.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="217" />
        <source>%1（%2）：请逐项核对并勾选交付的物品。</source>
        <translation>%1 (%2): check each item and tick it as you hand it over.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="245" />
        <source>请领取人将本人身份证放在读卡器上，读取后再出件。</source>
        <translation>Ask the collector to place their own ID card on the reader, then hand over.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="267" />
        <source>邮寄确认：请将办件 %1 的办理结果（%2）寄往 %3（收件人 %4）。</source>
        <translation>Mailing: please send the result of case %1 (%2) to %3 (recipient %4).</translation>
    </message>
    <message>
        <location filename="../handover.py" line="272" />
        <source>领取确认：本人已当场领取办件 %1 的办理结果（%2），核对无误。</source>
        <translation>Confirmation: I have collected the result of case %1 (%2) here and checked it.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="283" />
        <location filename="../handover.py" line="287" />
        <source>领取确认</source>
        <translation>Confirmation of collection</translation>
    </message>
    <message>
        <location filename="../handover.py" line="301" />
        <source>领取人未签名，未出件。</source>
        <translation>The collector did not sign: nothing was handed over.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="349" />
        <source>已交邮寄：%1，快递单号 %2，邮寄回执打印中。</source>
        <translation>Mailed: %1, waybill %2; the mailing receipt is printing.</translation>
    </message>
    <message>
        <location filename="../handover.py" line="353" />
        <source>出件完成：%1，领取回执打印中。</source>
        <translation>Handed over: %1; the handover receipt is printing.</translation>
    </message>
    <message>
        <location filename="../handover_print.py" line="59" />
        <source>委托书</source>
        <translation>Letter of authorisation</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../widgets/handover_dialog.py" line="124" />
        <source>出件（领取办理结果）</source>
        <translation>Hand over a result (出件)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="125" />
        <source>回执编号（扫码或输入）</source>
        <translation>Receipt number (scan or type)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="125" />
        <source>申请人证件号码后四位</source>
        <translation>Last four of the applicant's ID number</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="229" />
        <source>查询 (Enter)</source>
        <translation>Look up (Enter)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="138" />
        <source>申请人本人领取</source>
        <translation>The applicant collects in person</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="139" />
        <source>代领人领取（须委托书）</source>
        <translation>Someone collects for them (letter of authorisation needed)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="144" />
        <source>请选择与申请人的关系</source>
        <translation>Choose their relation to the applicant</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="148" />
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="149" />
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="150" />
        <source>子女</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="151" />
        <source>其他亲属</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="152" />
        <source>受托人</source>
        <translation>Entrusted person</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="153" />
        <source>单位工作人员</source>
        <translation>Company employee</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="159" />
        <source>采集委托书</source>
        <translation>Capture the letter of authorisation</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="160" />
        <source>改为邮寄（须申请人或代领人签名确认）</source>
        <translation>Mail it instead (the applicant or their agent signs for it)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="161" />
        <source>收件人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="162" />
        <source>收件地址（省市区街道门牌）</source>
        <translation>Address (province, city, district, street, number)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="163" />
        <source>收件人手机号</source>
        <translation>Recipient's mobile number</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/handover_dialog.py" line="171" />
        <source>委托书已采集（%n 页）</source>
        <translation>
            <numerusform>Letter captured (%n page)</numerusform>
            <numerusform>Letter captured (%n pages)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="229" />
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="231" />
        <source>签名并邮寄 (Enter)</source>
        <translation>Sign and mail (Enter)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="233" />
        <source>签名并出件</source>
        <translation>Sign and hand over</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="233" />
        <source>签名并出件 (Enter)</source>
        <translation>Sign and hand over (Enter)</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="131" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="231" />
        <source>签名并邮寄</source>
        <translation>Sign and mail</translation>
    </message>
    <message>
        <location filename="../widgets/handover_dialog.py" line="187" />
        <source>请输入回执编号和申请人证件号码后四位。</source>
        <translation>Enter the receipt number and the last four characters of the applicant's ID number.</translation>
    </message>
</context>
<context>
    <name>HelpCalls</name>
    <message>
        <location filename="../widgets/help_calls.py" line="99" />
        <source>%1 号窗口已去</source>
        <translation>window %1 is going</translation>
    </message>
    <message>
        <location filename="../widgets/help_calls.py" line="102" />
        <source>求助%1：%2 %3</source>
        <translation>Help%1: %2 %3</translation>
    </message>
    <message>
        <location filename="../widgets/help_calls.py" line="114" />
        <source>（仅本机：平台未连接）</source>
        <translation> (this terminal only: portal not connected)</translation>
    </message>
    <message>
        <location filename="../widgets/help_calls.py" line="117" />
        <source>我去处理</source>
        <translation>I'll go</translation>
    </message>
    <message>
        <location filename="../widgets/help_calls.py" line="117" />
        <source>已处理</source>
        <translation>Helped</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <location filename="../kiosk/help_page.py" line="76" />
        <location filename="../kiosk/help_page.py" line="184" />
        <source>呼叫工作人员</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="77" />
        <source>正在呼叫工作人员，请稍候……</source>
        <translation>Calling staff, please wait…</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="99" />
        <source>暂时无法呼叫，请到咨询台找工作人员。</source>
        <translation>The call could not be made just now. Please go to the help desk.</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="109" />
        <source>网络暂时不通</source>
        <translation>The network is down for now</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="111" />
        <source>其他窗口暂时收不到呼叫。请到咨询台找工作人员，或请身边的工作人员帮忙。</source>
        <translation>The other windows cannot receive the call just now. Please go to the help desk, or ask any member of staff nearby.</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="115" />
        <source>工作人员正在过来</source>
        <translation>Staff are on their way</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="117" />
        <source>%1 号窗口的工作人员正在过来，请在这里稍候。</source>
        <translation>Staff from window %1 are on their way. Please wait here.</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="122" />
        <source>呼叫已结束</source>
        <translation>The call has ended</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="123" />
        <source>如还需要帮助，请再按“呼叫工作人员”。</source>
        <translation>If you still need help, press “Call staff” again.</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="125" />
        <source>已通知工作人员</source>
        <translation>Staff have been told</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="126" />
        <source>工作人员会到这台自助机来帮您，请在这里稍候。</source>
        <translation>A member of staff will come to this kiosk to help you. Please wait here.</translation>
    </message>
    <message>
        <location filename="../kiosk/help_page.py" line="180" />
        <source>不用了，取消呼叫</source>
        <translation>No longer needed, cancel the call</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../widgets/history.py" line="71" />
        <source>回执编号、证件号码或日期（2026-11-26），留空为最近办件</source>
        <translation>Receipt no., ID number or date (2026-11-26); empty for the latest cases</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="73" />
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="78" />
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="79" />
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="80" />
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="81" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="84" />
        <source>上报</source>
        <translation>Portal</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="85" />
        <source>平台受理号</source>
        <translation>Portal no.</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="111" />
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="112" />
        <source>补正告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="113" />
        <source>不予受理</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="117" />
        <source>待上报</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="118" />
        <source>已上报</source>
        <translation>Synced</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/history.py" line="143" />
        <source>共 %n 件</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="82" />
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="74" />
        <source>查看文书 (Ctrl+O)</source>
        <translation>Open document (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="75" />
        <source>补打副本 (Ctrl+R)</source>
        <translation>Reprint as copy (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="83" />
        <source>办理进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../widgets/history.py" line="119" />
        <source>异常：被退回</source>
        <translation>Problem: returned</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../kiosk/home_page.py" line="34" />
        <source>您好，请选择要办理的事情</source>
        <translation>Hello, what would you like to do?</translation>
    </message>
    <message>
        <location filename="../kiosk/home_page.py" line="36" />
        <source>取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location filename="../kiosk/home_page.py" line="37" />
        <source>预约签到（放身份证）</source>
        <translation>Check in an appointment (place your ID card)</translation>
    </message>
    <message>
        <location filename="../kiosk/home_page.py" line="38" />
        <source>查询办件进度</source>
        <translation>Check a case</translation>
    </message>
    <message>
        <location filename="../kiosk/home_page.py" line="39" />
        <source>办事指南与材料清单</source>
        <translation>Guide and materials list</translation>
    </message>
    <message>
        <location filename="../kiosk/home_page.py" line="40" />
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
</context>
<context>
    <name>IdleCurtain</name>
    <message>
        <location filename="../kiosk/curtain.py" line="37" />
        <source>无人操作
%1 秒后返回首页，并清除您的信息</source>
        <translation>No one is using the kiosk
In %1 s it returns to the start and clears your information</translation>
    </message>
    <message>
        <location filename="../kiosk/curtain.py" line="39" />
        <source>继续使用</source>
        <translation>Keep using it</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../kiosk/window.py" line="280" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="281" />
        <source>重新开始</source>
        <translation>Start over</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="166" />
        <source>此功能暂不可用，请到咨询台。</source>
        <translation>Not available yet: please ask at the help desk.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="185" />
        <source>您好，请在屏幕上选择要办理的事情。</source>
        <translation>Hello, please choose on the screen what you would like to do.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="186" />
        <source>请选择要办理的业务。</source>
        <translation>Please choose the service.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="187" />
        <source>请把身份证放在读卡区。</source>
        <translation>Please place your ID card on the reader.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="188" />
        <source>请输入回执编号和身份证号码后四位，或扫描回执上的二维码。</source>
        <translation>Please enter the receipt number and the last four characters of your ID number, or scan the QR code on the receipt.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="189" />
        <source>请选择部门和事项，查看要带的材料。</source>
        <translation>Please choose the department and the service to see what to bring.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="190" />
        <source>请输入回执编号和身份证号码后四位，然后为服务评价。</source>
        <translation>Please enter the receipt number and the last four characters of your ID number, then rate the service.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="258" />
        <source>无人操作，即将返回首页。如需继续，请触摸屏幕。</source>
        <translation>No one is using the kiosk: it will return to the start. Touch the screen to continue.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="276" />
        <source>语音提示已打开。</source>
        <translation>Spoken prompts are on.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="282" />
        <source>呼叫工作人员</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="285" />
        <source>声音：开</source>
        <translation>Sound: on</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="285" />
        <source>声音：关</source>
        <translation>Sound: off</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="312" />
        <source>只有管理员可以退出自助终端。%1 不是管理员。</source>
        <translation>Only an admin may leave the kiosk. %1 is not an admin.</translation>
    </message>
</context>
<context>
    <name>LookupDialog</name>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="31" />
        <source>补正后受理</source>
        <translation>Accept after correction</translation>
    </message>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="38" />
        <source>扫描回执或补正告知书上的二维码，或输入编号：</source>
        <translation>Scan the QR on the receipt or the correction notice, or type its number:</translation>
    </message>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="47" />
        <source>已读取 %1 的证件：须为此办件的申请人或代办人。</source>
        <translation>%1's card is read: they must be this case's applicant or agent.</translation>
    </message>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="51" />
        <source>未读取证件：请市民说出申请人证件号码的后4位。</source>
        <translation>No card read: ask the citizen for the last 4 characters of the applicant's ID number.</translation>
    </message>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="54" />
        <source>申请人证件号码后4位</source>
        <translation>Last 4 of the applicant's ID number</translation>
    </message>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="70" />
        <source>请扫描二维码或输入编号。</source>
        <translation>Scan the QR or type the number.</translation>
    </message>
    <message>
        <location filename="../widgets/lookup_dialog.py" line="74" />
        <source>请输入申请人证件号码的后4位（或读取其证件）。</source>
        <translation>Type the last 4 characters of the applicant's ID number (or read their card).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="136" />
        <source>通办终端 — %1 %2号窗口</source>
        <translation>Tongban Terminal — %1, window %2</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="138" />
        <source>受理 (F2)</source>
        <translation>Intake (F2)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="139" />
        <source>历史办件 (Ctrl+H)</source>
        <translation>History (Ctrl+H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="140" />
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="141" />
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="143" />
        <source>新办件</source>
        <translation>New case</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="144" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="145" />
        <source>查找事项</source>
        <translation>Find a service</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="146" />
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="147" />
        <source>补正告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="148" />
        <source>不予受理</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="149" />
        <source>历史办件</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="150" />
        <source>English / 中文</source>
        <translation>中文 / English</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="151" />
        <source>大字体高对比度</source>
        <translation>Large type, high contrast</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="156" />
        <source>排队叫号</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>正在采集材料：请先完成或取消采集，再重新放置证件。</source>
        <translation type="vanished">Capturing materials: finish or cancel the capture, then place the card again.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="196" />
        <source>请先录入申请人并选择办理事项。</source>
        <translation>Enter the applicant and choose a service first.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="247" />
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="265" />
        <source>副本</source>
        <translation> (copy)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="273" />
        <source>注意：以下字符无字体，请手写补全：%1</source>
        <translation>Note: no font has these characters, write them in by hand: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="316" />
        <source>已读卡</source>
        <translation>Read from the card</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="321" />
        <location filename="../main_window.py" line="325" />
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="323" />
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location filename="../window_links.py" line="38" />
        <source>有网上预约：%1 %2</source>
        <translation>Booked online: %1 %2</translation>
    </message>
    <message>
        <location filename="../window_links.py" line="53" />
        <source>预约事项：%1</source>
        <translation>Booked service: %1</translation>
    </message>
    <message>
        <location filename="../window_links.py" line="126" />
        <source>平台未接受办件 %1 的%2：此办件已按平台改为“%3”。请告知主管并联系申请人。</source>
        <translation>The portal did not accept the %2 of case %1: the case is now “%3”, as the portal has it. Tell your supervisor and contact the applicant.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="354" />
        <source>事项目录已更新，草稿中的事项 %1 已不在目录中。申请人信息已恢复，请重新选择事项。</source>
        <translation>The service catalogue has been updated and no longer has the draft's service %1. The applicant is restored; please choose the service again.</translation>
    </message>
    <message>
        <location filename="../app.py" line="71" />
        <location filename="../main_window.py" line="390" />
        <source>请注意</source>
        <translation>Please note</translation>
    </message>
    <message>
        <location filename="../shortcuts.py" line="58" />
        <source>上一办件已存为草稿%1，下次登录时可续办。</source>
        <translation>The previous case was kept as a draft%1; it is offered again at the next sign-in.</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <location filename="../widgets/materials_checklist.py" line="152" />
        <source>材料清单</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="153" />
        <source>全部按应交收齐 (Ctrl+M)</source>
        <translation>All handed as required (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="162" />
        <location filename="../widgets/materials_checklist.py" line="300" />
        <source>电子证照</source>
        <translation>E-certificate</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="160" />
        <source>原件 </source>
        <translation>Originals </translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="161" />
        <source>复印件 </source>
        <translation>Copies </translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="163" />
        <source>容缺，承诺于</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="164" />
        <source>告知承诺（申请人签署）</source>
        <translation>Signed promise instead</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="301" />
        <source>容缺</source>
        <translation>Promised</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="302" />
        <source>告知承诺</source>
        <translation>Promise</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="319" />
        <source>应交 原%1 复%2</source>
        <translation>Needs %1 orig. %2 copies</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="299" />
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="303" />
        <source>缺</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="308" />
        <source>先选择办理事项并回答情形问题</source>
        <translation>Choose a service and answer the situation questions first</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="325" />
        <source>读卡出示原件</source>
        <translation>original shown: card read</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="330" />
        <source>缺 %1 项：%2</source>
        <translation>%1 missing: %2</translation>
    </message>
    <message>
        <location filename="../widgets/materials_checklist.py" line="332" />
        <source>材料齐全，可以受理</source>
        <translation>All materials present: the case can be accepted</translation>
    </message>
</context>
<context>
    <name>MaterialsCorrection</name>
    <message>
        <location filename="../widgets/materials_correction.py" line="47" />
        <source>原件</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location filename="../widgets/materials_correction.py" line="48" />
        <source>复印件</source>
        <translation>Copies</translation>
    </message>
</context>
<context>
    <name>MyCardsDialog</name>
    <message>
        <location filename="../widgets/my_cards_dialog.py" line="17" />
        <source>我的办件警示</source>
        <translation>My deadline cards</translation>
    </message>
    <message>
        <location filename="../widgets/my_cards_dialog.py" line="22" />
        <source>黄牌：期限将到；红牌：已超期。请按回执编号在“历史办件”(Ctrl+H) 中找到办件。</source>
        <translation>Yellow: the deadline is near; red: it has passed. Find the case by its receipt number in History (Ctrl+H).</translation>
    </message>
    <message>
        <location filename="../widgets/my_cards_dialog.py" line="37" />
        <source>您经办的办件没有黄牌或红牌。</source>
        <translation>None of your cases has a yellow or red card.</translation>
    </message>
    <message>
        <location filename="../widgets/my_cards_dialog.py" line="40" />
        <source>红牌 %1 张，黄牌 %2 张。</source>
        <translation>%1 red, %2 yellow.</translation>
    </message>
</context>
<context>
    <name>OneCitizen</name>
    <message>
        <location filename="../one_citizen.py" line="70" />
        <source>正在采集材料：请先完成或取消采集，再重新放置证件。</source>
        <translation>Capturing materials: finish or cancel the capture, then place the card again.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="80" />
        <source>窗口已锁定：请工作人员解锁后，再重新放置此证件。</source>
        <translation>The window is locked: the clerk unlocks it first, then place this card again.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="91" />
        <source>申请人正在签名：签完后再重新放置此证件。</source>
        <translation>The applicant is signing: place this card again once they have signed.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="100" />
        <source>请先关闭上一位市民的打印预览，再重新放置此证件。</source>
        <translation>Close the last citizen's print preview first, then place this card again.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="116" />
        <source>请先回答“又读到一张证件”的问题，再重新放置此证件。</source>
        <translation>Answer the question about the card read before, then place this card again.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="152" />
        <source>%1 作为代办人加入当前办件。</source>
        <translation>%1 joins the open case as the agent.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="180" />
        <source>已换人：%1 的办件已存为草稿，再读其证件即可继续。</source>
        <translation>Next citizen: %1's case is kept as a draft; read their card again to go on.</translation>
    </message>
    <message>
        <location filename="../one_citizen.py" line="212" />
        <source>已恢复 %1 的草稿。</source>
        <translation>%1's draft is back.</translation>
    </message>
</context>
<context>
    <name>PartiesPanel</name>
    <message>
        <location filename="../widgets/parties_panel.py" line="142" />
        <source>互换申请人与代办人</source>
        <translation>Swap applicant and agent</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="143" />
        <source>本人</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="143" />
        <source>代办</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="143" />
        <source>单位</source>
        <translation>Company</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="150" />
        <source>与申请人关系：请选择</source>
        <translation>Relation to the applicant: choose</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="151" />
        <source>亲属</source>
        <translation>Relative</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="152" />
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="153" />
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="154" />
        <source>子女</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="155" />
        <source>同事（单位委托）</source>
        <translation>Colleague (for an employer)</translation>
    </message>
    <message>
        <location filename="../widgets/parties_panel.py" line="156" />
        <source>其他受托人</source>
        <translation>Other authorised person</translation>
    </message>
    <message>
        <location filename="../widgets/party_boxes.py" line="53" />
        <source>单位“%1”的统一社会信用代码 %2 校验位不符。请核对营业执照原件，确属有效的旧代码方可批准按此代码受理。</source>
        <translation>The unified social credit code %2 of “%1” fails its check character. Check the original business licence: approve only a valid older code.</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../widgets/print_preview.py" line="55" />
        <source>打印预览：%1</source>
        <translation>Print preview: %1</translation>
    </message>
    <message>
        <location filename="../widgets/print_preview.py" line="56" />
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../widgets/print_preview.py" line="57" />
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../widgets/print_preview.py" line="69" />
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../widgets/print_preview.py" line="78" />
        <source>重试打印 (Ctrl+P)</source>
        <translation>Retry printing (Ctrl+P)</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../widgets/queue_panel.py" line="148" />
        <source>叫下一位 (F5)</source>
        <translation>Call next (F5)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="149" />
        <source>重呼 (F6)</source>
        <translation>Recall (F6)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="150" />
        <source>过号 (F7)</source>
        <translation>Skip (F7)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="151" />
        <source>转移 (F8)</source>
        <translation>Transfer (F8)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="152" />
        <source>绿色通道 (F12)</source>
        <translation>Priority (F12)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="156" />
        <source>把选中的等候号设为优先（老年人、残疾人、孕妇）</source>
        <translation>Give the selected waiting ticket priority (elderly, disabled, pregnant)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="157" />
        <source>刚叫过（双击重呼）</source>
        <translation>Recently called (double-click to recall)</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="158" />
        <source>今日预约</source>
        <translation>Today's appointments</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="168" />
        <source>预约</source>
        <translation>appt.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="168" />
        <source>优先</source>
        <translation>priority</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="171" />
        <source>过号</source>
        <translation>missed</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="172" />
        <source>转入</source>
        <translation>transferred in</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="173" />
        <source>已叫</source>
        <translation>called</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="174" />
        <source>办理中</source>
        <translation>serving</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="175" />
        <source>已办</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="184" />
        <source>当前：%1</source>
        <translation>Now serving: %1</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="186" />
        <source>当前：无</source>
        <translation>Now serving: nobody</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="188" />
        <source>等候 %1 人</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="207" />
        <source>平台未连接：只叫本机取的号，恢复后自动合并</source>
        <translation>Portal offline: calling this window's own tickets; they merge back later</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="210" />
        <source>平台排队：在线</source>
        <translation>Portal queue: online</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="248" />
        <source>没有可转移的号：先叫号或在等候列表中选中一个。</source>
        <translation>Nothing to transfer: call a ticket first, or select one in the waiting list.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="264" />
        <source>没有选中的号。</source>
        <translation>No ticket selected.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="280" />
        <source>已呼叫 %1</source>
        <translation>Called %1</translation>
    </message>
    <message>
        <location filename="../widgets/queue_panel.py" line="284" />
        <source>没有等候的人。</source>
        <translation>Nobody is waiting.</translation>
    </message>
</context>
<context>
    <name>RatePage</name>
    <message>
        <location filename="../kiosk/rate_page.py" line="85" />
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="125" />
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="126" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="127" />
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="128" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="129" />
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="133" />
        <source>请选择不满意的原因</source>
        <translation>Please tell us why</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="135" />
        <source>等候时间长</source>
        <translation>Long wait</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="136" />
        <source>需要多次跑动</source>
        <translation>Had to come more than once</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="137" />
        <source>告知不清楚</source>
        <translation>Not clearly told</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="138" />
        <source>服务态度不好</source>
        <translation>Unfriendly service</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="139" />
        <source>系统或设备故障</source>
        <translation>System or device fault</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="140" />
        <source>其他原因</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="144" />
        <source>重新选择满意程度</source>
        <translation>Choose the rating again</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="123" />
        <source>为已办结的办件评价</source>
        <translation>Rate a finished case</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="213" />
        <source>正在查询，请稍候……</source>
        <translation>Looking it up, please wait…</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="223" />
        <source>暂时无法连接政务服务平台，请稍后再评价，或到窗口评价。</source>
        <translation>The government service portal cannot be reached at the moment. Please rate later, or rate at a counter.</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="226" />
        <source>回执 %1 的办件由%2受理，请到该大厅评价，或在网上评价。</source>
        <translation>The case with receipt %1 was accepted at %2. Please rate it there, or online.</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="232" />
        <source>回执 %1 的办件已撤回，不能评价。</source>
        <translation>The case of receipt %1 was withdrawn; it cannot be rated.</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="236" />
        <source>回执 %1 的办件目前是【%2】，办结后才能在这里评价。</source>
        <translation>The case of receipt %1 is now “%2”; it can be rated here once it is completed.</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="243" />
        <source>请为回执 %1 的服务评价</source>
        <translation>Please rate the service for receipt %1</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="247" />
        <source>暂时无法评价，请到咨询台询问。</source>
        <translation>A rating cannot be taken right now. Please ask at the help desk.</translation>
    </message>
    <message>
        <location filename="../kiosk/rate_page.py" line="292" />
        <source>谢谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
</context>
<context>
    <name>RatingDialog</name>
    <message>
        <location filename="../widgets/rating_dialog.py" line="78" />
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="80" />
        <source>请您为本次服务评价（回执 %1）</source>
        <translation>Please rate our service (receipt %1)</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="83" />
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="84" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="85" />
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="86" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="87" />
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="106" />
        <source>意见或建议（可不填）</source>
        <translation>Comments (optional)</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="107" />
        <source>不评价</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="95" />
        <source>请选择不满意的原因</source>
        <translation>Please tell us why</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="97" />
        <source>等候时间长</source>
        <translation>Long wait</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="98" />
        <source>需要多次跑动</source>
        <translation>Had to come more than once</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="99" />
        <source>告知不清楚</source>
        <translation>Not clearly told</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="100" />
        <source>服务态度不好</source>
        <translation>Unfriendly service</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="101" />
        <source>系统或设备故障</source>
        <translation>System or device fault</translation>
    </message>
    <message>
        <location filename="../widgets/rating_dialog.py" line="102" />
        <source>其他原因</source>
        <translation>Other reason</translation>
    </message>
</context>
<context>
    <name>ReceiptForm</name>
    <message>
        <location filename="../kiosk/receipt_form.py" line="113" />
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <location filename="../kiosk/receipt_form.py" line="114" />
        <source>只需按数字，字母和横线会自动填好；也可扫描回执上的二维码。</source>
        <translation>Press the digits only: the letters and dashes are filled in for you. You can also scan the QR code on the receipt.</translation>
    </message>
    <message>
        <location filename="../kiosk/receipt_form.py" line="116" />
        <source>例如 %1</source>
        <translation>e.g. %1</translation>
    </message>
    <message>
        <location filename="../kiosk/receipt_form.py" line="117" />
        <source>身份证号码后4位</source>
        <translation>Last 4 characters of the ID number</translation>
    </message>
    <message>
        <location filename="../kiosk/receipt_form.py" line="118" />
        <source>例如 0030</source>
        <translation>e.g. 0030</translation>
    </message>
    <message>
        <location filename="../kiosk/receipt_form.py" line="119" />
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../widgets/reject_dialog.py" line="33" />
        <source>不予受理</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../widgets/reject_dialog.py" line="40" />
        <source>自行填写</source>
        <translation>Type my own</translation>
    </message>
    <message>
        <location filename="../widgets/reject_dialog.py" line="59" />
        <source>常用理由</source>
        <translation>Common reasons</translation>
    </message>
    <message>
        <location filename="../widgets/reject_dialog.py" line="61" />
        <source>不予受理的理由</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <location filename="../widgets/reject_dialog.py" line="62" />
        <source>法律依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../widgets/reject_dialog.py" line="101" />
        <source>理由和法律依据都必须填写。</source>
        <translation>Both the reason and the legal basis are required.</translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <location filename="../widgets/service_picker.py" line="57" />
        <source>办理事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../widgets/service_picker.py" line="58" />
        <source>输入名称、编码、部门或拼音首字母（如 jzz）</source>
        <translation>Name, code, department or pinyin initials (e.g. jzz)</translation>
    </message>
    <message>
        <location filename="../widgets/service_picker.py" line="85" />
        <source>【一件事】%1</source>
        <translation>[Life event] %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../widgets/sign_in.py" line="92" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../widgets/sign_in.py" line="92" />
        <source>已锁定：请重新登录</source>
        <translation>Locked: sign in again</translation>
    </message>
    <message>
        <location filename="../widgets/sign_in.py" line="96" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../widgets/sign_in.py" line="97" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../widgets/signature_pad.py" line="339" />
        <source>请签名：%1</source>
        <translation>Please sign: %1</translation>
    </message>
    <message>
        <location filename="../widgets/signature_pad.py" line="340" />
        <source>请阅读左侧文书，确认无误后在下方签上您的姓名。</source>
        <translation>Please read the document on the left and, if it is correct, sign your name below.</translation>
    </message>
    <message>
        <location filename="../widgets/signature_pad.py" line="341" />
        <source>清除重签</source>
        <translation>Clear and sign again</translation>
    </message>
    <message>
        <location filename="../widgets/signature_pad.py" line="342" />
        <source>撤销一笔</source>
        <translation>Undo stroke</translation>
    </message>
    <message>
        <location filename="../widgets/signature_pad.py" line="343" />
        <source>恢复一笔</source>
        <translation>Redo stroke</translation>
    </message>
    <message>
        <location filename="../widgets/signature_pad.py" line="344" />
        <source>确认签名</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <location filename="../widgets/signature_pad.py" line="345" />
        <source>不签署</source>
        <translation>Do not sign</translation>
    </message>
</context>
<context>
    <name>SituationForm</name>
    <message>
        <location filename="../widgets/situation_form.py" line="67" />
        <source>情形与表单</source>
        <translation>Situation and form</translation>
    </message>
    <message>
        <location filename="../widgets/situation_form.py" line="68" />
        <source>先选择办理事项</source>
        <translation>Choose a service first</translation>
    </message>
    <message>
        <location filename="../widgets/situation_form.py" line="114" />
        <location filename="../widgets/situation_form.py" line="127" />
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../widgets/situation_form.py" line="131" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../widgets/situation_form.py" line="131" />
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>StatusPage</name>
    <message>
        <location filename="../kiosk/pages.py" line="76" />
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location filename="../kiosk/pages.py" line="87" />
        <source>查询办件进度</source>
        <translation>Check a case</translation>
    </message>
    <message>
        <location filename="../kiosk/pages.py" line="111" />
        <source>正在查询，请稍候……</source>
        <translation>Looking it up, please wait…</translation>
    </message>
    <message>
        <location filename="../kiosk/pages.py" line="120" />
        <source>暂时无法查询，请到咨询台询问。</source>
        <translation>The status cannot be looked up right now. Please ask at the help desk.</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk/pages.py" line="132" />
        <source>查询次数较多，请等 %n 秒后再查询。如需帮助，请到咨询台找工作人员。</source>
        <translation>
            <numerusform>Many tries in a row: please wait %n second before the next one. The staff at the help desk can help you.</numerusform>
            <numerusform>Many tries in a row: please wait %n seconds before the next one. The staff at the help desk can help you.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorMenu</name>
    <message>
        <location filename="../supervisor_menu.py" line="54" />
        <source>主管视图</source>
        <translation>Supervisor's view</translation>
    </message>
    <message>
        <location filename="../supervisor_menu.py" line="74" />
        <source>主管视图只能由主管或管理员打开。%1 是窗口人员，本人的办件警示见状态栏。</source>
        <translation>The supervisor's view is for a supervisor or an admin. %1 is a clerk: your own deadline cards are in the status bar.</translation>
    </message>
</context>
<context>
    <name>SupervisorView</name>
    <message>
        <location filename="../widgets/supervisor_view.py" line="72" />
        <source>主管视图</source>
        <translation>Supervisor's view</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="77" />
        <source>大厅概况</source>
        <translation>The hall</translation>
    </message>
    <message>
        <source>等候人数、最长等候、各窗口状态、今日和本周对照目标的数据与图表将显示在这里（建设中）。</source>
        <translation type="vanished">People waiting, the longest wait, each window's state, today and this week against targets: the figures and charts will be shown here (being built).</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="85" />
        <source>办件警示（黄牌/红牌）</source>
        <translation>Deadline cards (yellow/red)</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="94" />
        <source>未办结的差评整改</source>
        <translation>Open 差评 follow-ups</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="97" />
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="97" />
        <source>整改期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="97" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="97" />
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="98" />
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="106" />
        <source>办理所选差评整改</source>
        <translation>Handle the selected follow-up</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="115" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="117" />
        <source>打印日报</source>
        <translation>Print daily report</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="120" />
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="169" />
        <source>%1 · %2 · 办件警示为本终端记录的办件，差评整改为全大厅。</source>
        <translation>%1 · %2 · Deadline cards: the cases recorded at this terminal; follow-ups: the whole hall.</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="175" />
        <source>红牌 %1 张，黄牌 %2 张。</source>
        <translation>%1 red, %2 yellow.</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="177" />
        <source>没有黄牌或红牌。</source>
        <translation>No yellow or red cards.</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="199" />
        <source>%1 · 已超期</source>
        <translation>%1 · OVERDUE</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="264" />
        <source>日报已打印。</source>
        <translation>The daily report has been printed.</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="264" />
        <source>日报未打印成功：请查看打印机后重试。</source>
        <translation>The daily report was not printed: check the printer and try again.</translation>
    </message>
    <message>
        <location filename="../widgets/supervisor_view.py" line="273" />
        <source>正在打印日报…</source>
        <translation>Printing the daily report…</translation>
    </message>
</context>
<context>
    <name>TerminalStatusBar</name>
    <message>
        <location filename="../widgets/status_bar.py" line="51" />
        <source>读卡器：%1</source>
        <translation>Reader: %1</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="51" />
        <location filename="../widgets/status_bar.py" line="58" />
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="58" />
        <source>打印机：%1</source>
        <translation>Printer: %1</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="64" />
        <source>平台：在线</source>
        <translation>Portal: online</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="66" />
        <source>平台：离线</source>
        <translation>Portal: offline</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="67" />
        <source>（自 %1）</source>
        <translation> (since %1)</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="76" />
        <source>待上报 %1</source>
        <translation>Waiting %1</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="78" />
        <source>，异常 %1</source>
        <translation>, stuck %1</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="86" />
        <source>扫描件上传中 %1 个（%2），当前 %3%</source>
        <translation>Uploading scans: %1 (%2), this one %3%</translation>
    </message>
    <message>
        <location filename="../widgets/status_bar.py" line="89" />
        <source>扫描件待上传 %1 个（%2）</source>
        <translation>Scans to upload: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <location filename="../kiosk/ticket_page.py" line="233" />
        <location filename="../kiosk/ticket_page.py" line="286" />
        <location filename="../kiosk/ticket_page.py" line="352" />
        <source>请选择要办理的业务</source>
        <translation>Please choose what you have come for</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="284" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="294" />
        <source>老年人、残疾人、孕妇优先（绿色通道），请按这里</source>
        <translation>Elderly, disabled or pregnant? Press here for priority (green channel)</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="307" />
        <source>正在取号，请稍候……</source>
        <translation>Taking your ticket, please wait…</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="286" />
        <location filename="../kiosk/ticket_page.py" line="331" />
        <source>取号成功</source>
        <translation>Here is your ticket</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="338" />
        <source>您的号码是 %1。</source>
        <translation>Your number is %1. </translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk/ticket_page.py" line="340" />
        <source>您前面还有 %n 人。</source>
        <translation>
            <numerusform>%n person is ahead of you.</numerusform>
            <numerusform>%n people are ahead of you.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="345" />
        <source>暂时无法取号，请到咨询台，工作人员会帮您。</source>
        <translation>A ticket cannot be taken right now. Please go to the help desk; the staff will help you.</translation>
    </message>
</context>
<context>
    <name>TicketView</name>
    <message>
        <location filename="../kiosk/ticket_page.py" line="99" />
        <source>您的排队号</source>
        <translation>Your number</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="102" />
        <source>（预约，优先叫号）</source>
        <translation> (appointment, called first)</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="103" />
        <source>（绿色通道，优先叫号）</source>
        <translation> (green channel, called first)</translation>
    </message>
    <message numerus="yes">
        <location filename="../kiosk/ticket_page.py" line="107" />
        <source>您前面还有 %n 人</source>
        <translation>
            <numerusform>%n person ahead of you</numerusform>
            <numerusform>%n people ahead of you</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="110" />
        <source>号码由政务服务平台统一编排。</source>
        <translation>Numbered by the government service portal.</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="112" />
        <source>网络暂时不通，号码由本机编排，同样有效，请留意叫号屏。</source>
        <translation>The network is down, so this kiosk numbered your ticket; the number is just as valid. Please watch the display.</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="114" />
        <source>正在打印号票……</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="136" />
        <source>请取走号票，留意叫号屏和语音叫号。</source>
        <translation>Please take your ticket and listen and watch for your number.</translation>
    </message>
    <message>
        <location filename="../kiosk/ticket_page.py" line="138" />
        <source>打印机暂时不可用。请记下您的号码 %1，留意叫号屏。</source>
        <translation>The printer is not available at the moment. Please write down your number %1 and watch the display.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="29" />
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="32" />
        <source>窗口号，如 5</source>
        <translation>Window number, e.g. 5</translation>
    </message>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="34" />
        <source>不变</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="41" />
        <source>到窗口</source>
        <translation>To window</translation>
    </message>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="42" />
        <source>或到业务</source>
        <translation>or to the service group</translation>
    </message>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="55" />
        <source>请填写要转到的窗口号，或选择要转到的业务。</source>
        <translation>Type the window to transfer to, or choose the service group.</translation>
    </message>
    <message>
        <location filename="../widgets/transfer_dialog.py" line="57" />
        <source>这就是本窗口：请填写另一个窗口号。</source>
        <translation>That is this window: type another window number.</translation>
    </message>
</context>
<context>
    <name>WhoApplied</name>
    <message>
        <location filename="../who_applied.py" line="17" />
        <source>亲属</source>
        <translation>Relative</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="18" />
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="19" />
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="20" />
        <source>子女</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="21" />
        <source>同事（单位委托）</source>
        <translation>Colleague (for an employer)</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="22" />
        <source>其他受托人</source>
        <translation>Other authorised person</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="35" />
        <source>代办人：%1 %2（%3）</source>
        <translation>Agent: %1 %2 (%3)</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="37" />
        <source>代办人：%1 %2</source>
        <translation>Agent: %1 %2</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="46" />
        <source>单位：%1 %2</source>
        <translation>Company: %1 %2</translation>
    </message>
    <message>
        <location filename="../who_applied.py" line="58" />
        <source>经办人：%1</source>
        <translation>Handled by: %1</translation>
    </message>
</context>
<context>
    <name>WindowSigning</name>
    <message>
        <location filename="../window_signing.py" line="60" />
        <source>请先读取申请人证件（或录入申请人），再让申请人签署告知承诺书。</source>
        <translation>Read the applicant's ID card (or enter the applicant) first, then have them sign the promise.</translation>
    </message>
    <message>
        <location filename="../window_signing.py" line="74" />
        <source>代办：请先读取代办人证件（或录入代办人），再由代办人签署告知承诺书。</source>
        <translation>Agent's case: read the agent's card (or type the agent in) first, then the agent signs the promise.</translation>
    </message>
    <message>
        <location filename="../window_signing.py" line="122" />
        <source>申请人未在规定时间内签名：告知承诺未作出，该材料仍为缺件。</source>
        <translation>The applicant did not sign in time: no promise was made, and the material is still missing.</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../demo.py" line="50" />
        <source>模拟读卡</source>
        <translation>Simulated reader</translation>
    </message>
    <message>
        <location filename="../demo.py" line="133" />
        <source>演示：菜单“模拟读卡”或 Ctrl+1…9 放置证件；平台 %1；打印输出到 %2</source>
        <translation>Demo: menu “Simulated reader” or Ctrl+1…9 places a card; portal %1; prints go to %2</translation>
    </message>
    <message>
        <location filename="../app.py" line="155" />
        <source>继续未完成的办件？</source>
        <translation>Continue the unfinished case?</translation>
    </message>
    <message>
        <location filename="../app.py" line="166" />
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../app.py" line="167" />
        <source>保留，稍后再办</source>
        <translation>Keep it for later</translation>
    </message>
    <message>
        <location filename="../app.py" line="168" />
        <source>删除草稿</source>
        <translation>Delete the draft</translation>
    </message>
    <message>
        <location filename="../run.py" line="49" />
        <source>未注册，请运行 tongban enrol</source>
        <translation>not enrolled: run tongban enrol</translation>
    </message>
    <message>
        <location filename="../app.py" line="156" />
        <source>有一件未完成的办件：申请人 %1，%2 保存。继续办理吗？</source>
        <translation>There is an unfinished case: applicant %1, saved %2. Continue it?</translation>
    </message>
</context>
</TS>
/**
 * What the demo's enterprises report, by category of the demo directory (db/seeds/sanyuan.yaml):
 * the kind of problems the source reports list, in the words an enterprise would use. Every text
 * names its category's keywords, so it reads like a message the intake would have classified.
 */
export interface ProblemTemplate {
	category: string;
	text: string;
}

export const PROBLEMS: readonly ProblemTemplate[] = [
	{
		category: "power",
		text: "厂区这周已经跳闸三次，生产线反复停机，请供电公司排查线路",
	},
	{
		category: "power",
		text: "新上的生产线需要增容到 2000 千伏安，申请了一个月还没有消息",
	},
	{ category: "power", text: "车间电压不稳，设备经常报警，希望供电所来测一下" },
	{ category: "water", text: "园区自来水水压太低，冷却系统供水不足" },
	{ category: "water", text: "厂区供水管道破裂，停水已经半天了" },
	{
		category: "labour",
		text: "订单增加，缺技工三十人左右，希望人社局帮忙对接招聘会",
	},
	{ category: "labour", text: "新招员工的社保转移手续办不下来，请帮忙协调" },
	{ category: "labour", text: "想申请职业技能培训补贴，不清楚流程" },
	{ category: "land", text: "扩建项目的用地指标迟迟没有落实，影响开工" },
	{ category: "land", text: "厂房土地证办理卡在测绘环节两个月了" },
	{ category: "finance", text: "流动资金紧张，想了解有没有应急转贷的融资渠道" },
	{
		category: "finance",
		text: "申请的技改贷款银行一直没有放款，请金融办帮忙协调",
	},
	{
		category: "approval",
		text: "新建仓库的施工许可审批材料退回了两次，不知道还缺什么",
	},
	{
		category: "approval",
		text: "食品经营许可证延续办理需要跑好几个窗口，能否一次办好",
	},
	{ category: "transport", text: "厂门口的道路坑洼严重，货车进出很困难" },
	{ category: "transport", text: "园区没有通勤班车，员工上下班不方便" },
	{ category: "security", text: "工地夜间有材料被盗，希望派出所加强巡逻" },
	{ category: "telecom", text: "厂区宽带经常断网，影响订单系统" },
	{ category: "telecom", text: "新厂区没有 5G 信号，基站什么时候能建" },
	{ category: "schooling", text: "引进的技术骨干子女入学需要协调学位" },
	{ category: "housing", text: "外地员工住房困难，想申请人才公寓" },
	{ category: "policy", text: "去年的技改奖补资金还没有兑现，请帮忙跟进" },
	{ category: "policy", text: "惠企政策申报系统打不开，截止日期快到了" },
	{ category: "environment", text: "环评批复还没下来，新生产线无法投产" },
	{ category: "environment", text: "隔壁企业废气异味很重，员工反映强烈" },
];

/** What the departments say while handling, and when they finish. */
export const PROGRESS_NOTES: readonly string[] = [
	"已到现场查看，正在制定处理方案",
	"已协调相关单位，本周内安排对接",
	"材料已收齐，正在走内部流程",
	"已联系企业负责人，约定现场办公时间",
];

export const RESOLVE_NOTES: readonly string[] = [
	"已现场处理完毕，企业确认恢复正常",
	"已协调办结，相关手续已办好",
	"已对接落实，后续由专人跟踪",
	"问题已解决，已向企业反馈结果",
];

export const RATING_COMMENTS: readonly string[] = [
	"响应很快，感谢",
	"办得很好",
	"基本满意，希望以后更快一些",
	"拖的时间有点长",
];

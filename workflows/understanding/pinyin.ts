/**
 * Pinyin of a message, so that homophone typos from voice input (停点 for 停电) and pinyin typed in
 * Latin letters ("tingdian le") read the same as the intended characters. Tones are dropped: a voice
 * typo usually keeps the syllables and changes the tone.
 */
import { pinyin } from "pinyin-pro";

/** Every toneless syllable of Mandarin; `v` stands for ü as pinyin keyboards type it. */
const SYLLABLES = new Set(
	`a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu pa pai pan pang
	pao pei pen peng pi pian piao pie pin ping po pou pu ma mai man mang mao me mei men meng mi mian
	miao mie min ming miu mo mou mu fa fan fang fei fen feng fo fou fu da dai dan dang dao de dei den
	deng di dian diao die ding diu dong dou du duan dui dun duo ta tai tan tang tao te teng ti tian
	tiao tie ting tong tou tu tuan tui tun tuo na nai nan nang nao ne nei nen neng ni nian niang niao
	nie nin ning niu nong nou nu nuan nun nuo nv nve la lai lan lang lao le lei leng li lia lian liang
	liao lie lin ling liu lo long lou lu luan lun luo lv lve ga gai gan gang gao ge gei gen geng gong
	gou gu gua guai guan guang gui gun guo ka kai kan kang kao ke kei ken keng kong kou ku kua kuai
	kuan kuang kui kun kuo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun
	huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun qi qia qian qiang qiao qie qin
	qing qiong qiu qu quan que qun xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun zha
	zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo
	cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo
	sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo
	ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo za zai zan zang zao ze zei zen zeng
	zi zong zou zu zuan zui zun zuo ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo sa
	sai san sang sao se sen seng si song sou su suan sui sun suo ya yan yang yao ye yi yin ying yo
	yong you yu yuan yue yun wa wai wan wang wei wen weng wo wu e ei en eng er o ou`.split(
		/\s+/,
	),
);
const LONGEST_SYLLABLE = 6;

/**
 * A run of Latin letters read as pinyin syllables ("tingdian" → ting dian), in the fewest syllables,
 * or null when it is not pinyin (ERP, wifi). Lower-case input.
 */
export function splitPinyin(word: string): string[] | null {
	if (word.length === 0 || word.length > 60) return null;
	// fewest[i]: the fewest syllables that spell word.slice(0, i); from[i]: where the last one starts.
	const fewest = new Array<number>(word.length + 1).fill(Infinity);
	const from = new Array<number>(word.length + 1).fill(-1);
	fewest[0] = 0;
	for (let end = 1; end <= word.length; end++) {
		for (
			let start = Math.max(0, end - LONGEST_SYLLABLE);
			start < end;
			start++
		) {
			const count = (fewest[start] ?? Infinity) + 1;
			if (
				count < (fewest[end] ?? Infinity) &&
				SYLLABLES.has(word.slice(start, end))
			) {
				fewest[end] = count;
				from[end] = start;
			}
		}
	}
	if (fewest[word.length] === Infinity) return null;
	const syllables: string[] = [];
	for (let end = word.length; end > 0; ) {
		const start = from[end] ?? 0;
		syllables.unshift(word.slice(start, end));
		end = start;
	}
	return syllables;
}

/** Each Han character's reading, worked out once: a few thousand characters cover every message. */
const readings = new Map<string, string>();

/**
 * Toneless pinyin of each Han character of `han` (a run of Han characters only), one reading per
 * character: its most common one. Reading the run as words would pick 银行's háng over xíng, but
 * costs ten times as much, and the model only needs the same syllables for a character and its
 * homophones, in training as in use.
 */
export function hanPinyin(han: string): string[] {
	const syllables: string[] = [];
	for (const character of han) {
		let reading = readings.get(character);
		if (reading === undefined) {
			reading = pinyin(character, { toneType: "none", v: true });
			readings.set(character, reading);
		}
		syllables.push(reading);
	}
	return syllables;
}
